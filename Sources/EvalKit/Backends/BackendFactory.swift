import Foundation

/// Builds the backend a config entry describes. New backend types are added here.
public enum BackendFactory {
    public static func make(_ config: BackendConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ModelBackend {
        switch config.kind {
        case .openai: try OpenAIChatBackend(config: config, environment: environment)
        case .llamaServer: try LlamaServerBackend(config: config, locator: LlamaServerLocator(environment: environment))
        }
    }
}
