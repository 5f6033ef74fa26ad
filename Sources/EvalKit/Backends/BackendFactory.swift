import Foundation

/// Builds the backend a config entry describes. New backend types are added here.
public enum BackendFactory {
    /// The backend for `config`, wrapped so that its answers and errors never carry its API key (`RedactingBackend`).
    public static func make(_ config: BackendConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ModelBackend {
        let backend: any ModelBackend = switch config.kind {
        case .openai: try OpenAIChatBackend(config: config, environment: environment)
        case .llamaServer: try LlamaServerBackend(config: config, locator: LlamaServerLocator(environment: environment))
        }
        return RedactingBackend(backend, redactor: SecretRedactor(secrets: secrets(of: config, environment: environment)))
    }

    /// The secret values `config` sends: its API key.
    static func secrets(of config: BackendConfig, environment: [String: String]) -> [String] {
        [config.apiKeyEnvironmentVariable].compactMap { $0.flatMap { environment[$0] } }
    }
}
