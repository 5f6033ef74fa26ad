import Foundation

extension BackendType {
    /// `type: openai`: any OpenAI-compatible `/v1/chat/completions` endpoint.
    public static let openAI = BackendType(
        config: BackendTypeReader(type: "openai", keys: ["base_url", "api_key_env"], defaultConcurrency: 8) { config, reader throws(InputProblem) in
            guard let baseURL = try reader.url("base_url") else { throw reader.problem(nil, "missing required field 'base_url'") }
            config.baseURL = baseURL
            guard config.model != nil else { throw reader.problem(nil, "missing required field 'model'") }
            config.apiKeyEnvironmentVariable = try reader.entry.optionalString("api_key_env")
        },
        make: { config, environment in try OpenAIChatBackend(config: config, environment: environment) })
}
