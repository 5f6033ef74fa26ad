import Foundation

/// Finds the llama.cpp server program to start for a `model_path` backend.
///
/// In order: the backend's `server_binary`, `EVALCTL_LLAMA_SERVER`, the one `scripts/install-llama.sh` installs
/// under the cache directory, then `llama-server` on `PATH`.
public struct LlamaServerLocator: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// evalctl's cache directory: `EVALCTL_CACHE_DIR`, else `$XDG_CACHE_HOME/evalctl`, else `~/.cache/evalctl`.
    public var cacheDirectory: String { CacheDirectory.path(environment: environment) }

    public func locate(configured: String?) throws(BackendError) -> String {
        let fileManager = FileManager.default
        if let configured {
            guard fileManager.isExecutableFile(atPath: configured) else {
                throw BackendError.serverStart("server_binary \(configured) is not an executable file")
            }
            return configured
        }
        if let fromEnvironment = environment["EVALCTL_LLAMA_SERVER"], !fromEnvironment.isEmpty {
            guard fileManager.isExecutableFile(atPath: fromEnvironment) else {
                throw BackendError.serverStart("EVALCTL_LLAMA_SERVER=\(fromEnvironment) is not an executable file")
            }
            return fromEnvironment
        }
        let installed = cacheDirectory + "/llama/bin/llama-server"
        if fileManager.isExecutableFile(atPath: installed) { return installed }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/llama-server"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw BackendError.serverStart(
            "no llama.cpp server found: run `make llama` (scripts/install-llama.sh), put llama-server on PATH, or set server_binary")
    }
}
