import Foundation

/// A backend type: how its `evalctl.yaml` entry is read, and how a backend is built from the config.
public struct BackendType: Sendable {
    public let config: BackendTypeReader
    public let make: @Sendable (BackendConfig, _ environment: [String: String]) throws -> any ModelBackend

    public init(config: BackendTypeReader, make: @escaping @Sendable (BackendConfig, [String: String]) throws -> any ModelBackend) {
        self.config = config
        self.make = make
    }
}

/// Maps a backend `type:` in `evalctl.yaml` to its reader and its builder, as `ScorerRegistry` does for scorers. A new
/// backend type is a folder under `Backends/` with its `BackendType`, and one line in `standard`.
public struct BackendRegistry: Sendable {
    /// In registration order, which messages listing the types keep.
    private var types: [BackendType]

    public init(_ types: [BackendType] = []) {
        self.types = types
    }

    /// Every built-in backend type.
    public static var standard: BackendRegistry {
        BackendRegistry([.openAI, .llamaServer, .anthropic, .stub])
    }

    public var knownTypes: [String] { types.map(\.config.type) }

    /// What the config reader needs to read each type's own keys.
    public var configReaders: [BackendTypeReader] { types.map(\.config) }

    /// Adds a backend type, or replaces the one of the same name.
    public mutating func register(_ type: BackendType) {
        types.removeAll { $0.config.type == type.config.type }
        types.append(type)
    }

    /// The backend for `config`, wrapped so that its answers and errors never carry its API key (`RedactingBackend`).
    public func make(_ config: BackendConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ModelBackend {
        guard let type = types.first(where: { $0.config.type == config.type }) else {
            throw BackendError.serverStart("backend '\(config.name)' has the unknown type '\(config.type)' (known: \(knownTypes.joined(separator: ", ")))")
        }
        let backend = try type.make(config, environment)
        return RedactingBackend(backend, redactor: SecretRedactor(secrets: Self.secrets(of: config, environment: environment)))
    }

    /// The secret values `config` sends: its API key, and any password or credential written into its URLs.
    static func secrets(of config: BackendConfig, environment: [String: String]) -> [String] {
        [config.apiKeyEnvironmentVariable].compactMap { $0.flatMap { environment[$0] } } + config.secretsInURLs
    }
}

extension EvalConfig {
    /// Reads and checks a config file with the built-in backend types, reporting every problem with its line.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(InvalidInput) -> EvalConfig {
        try load(path: path, environment: environment, types: BackendRegistry.standard.configReaders)
    }
}
