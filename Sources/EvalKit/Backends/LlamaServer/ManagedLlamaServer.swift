import Foundation

/// A llama.cpp server evalctl starts for a run and always stops afterwards, also on errors and Ctrl-C.
///
/// It listens on a free loopback port; `start` returns once `/health` answers 200 (503 while the model loads).
public actor ManagedLlamaServer {
    public let binary: String
    public let modelPath: String
    public let alias: String
    public let threads: Int
    public let contextSize: Int
    public let parallel: Int
    public let startupTimeout: Double
    private let server: ManagedServerProcess

    public init(binary: String, modelPath: String, alias: String, threads: Int, contextSize: Int, parallel: Int, startupTimeout: Double) {
        self.binary = binary
        self.modelPath = modelPath
        self.alias = alias
        self.threads = threads
        self.contextSize = contextSize
        self.parallel = parallel
        self.startupTimeout = startupTimeout
        server = ManagedServerProcess(
            binary: binary, label: "the server", healthPath: "health", startupTimeout: startupTimeout,
            arguments: { port in
                ["-m", modelPath, "--host", "127.0.0.1", "--port", String(port), "-t", String(threads),
                 "-c", String(contextSize * parallel), "-np", String(parallel), "--alias", alias]
            },
            isReady: { $0 == 200 })
    }

    /// Starts the server and waits until it is ready; returns its base URL.
    public func start() async throws -> URL {
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw BackendError.serverStart("model file \(modelPath) does not exist (run `make llama` to install the bundled model)")
        }
        return try await server.start()
    }

    /// Stops the server: SIGTERM, then SIGKILL if it has not exited within five seconds.
    public func stop() async {
        await server.stop()
    }
}
