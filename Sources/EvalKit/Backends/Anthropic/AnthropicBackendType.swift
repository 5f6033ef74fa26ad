import Foundation

extension BackendType {
    /// `type: anthropic`: Anthropic's Messages API (`POST /v1/messages`), or a gateway that speaks it.
    public static let anthropic = BackendType(
        config: BackendTypeReader(type: "anthropic", keys: ["base_url", "api_key_env"], defaultConcurrency: 8) { config, reader throws(InputProblem) in
            config.baseURL = try reader.url("base_url") ?? AnthropicMessagesBackend.defaultBaseURL
            guard config.model != nil else { throw reader.problem(nil, "missing required field 'model' (e.g. model: claude-sonnet-4-5)") }
            config.apiKeyEnvironmentVariable = try reader.entry.optionalString("api_key_env")
        },
        make: { config, environment in try AnthropicMessagesBackend(config: config, environment: environment) })
}
