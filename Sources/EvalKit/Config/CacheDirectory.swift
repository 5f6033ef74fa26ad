import Foundation

/// evalctl's cache directory, where `make llama` installs the local server and model: `EVALCTL_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/evalctl`, else `~/.cache/evalctl`. Configs name it as `${EVALCTL_CACHE_DIR}`.
public enum CacheDirectory {
    public static func path(environment: [String: String]) -> String {
        if let explicit = environment["EVALCTL_CACHE_DIR"], !explicit.isEmpty { return explicit }
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return base + "/evalctl"
    }
}
