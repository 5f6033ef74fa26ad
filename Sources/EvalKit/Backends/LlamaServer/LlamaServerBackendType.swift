import Foundation

extension BackendType {
    /// `type: llama-server`: a running llama.cpp server (`url`), or one evalctl starts for a GGUF file (`model_path`).
    public static let llamaServer = BackendType(
        config: BackendTypeReader(
            type: "llama-server", keys: ["url", "model_path", "server_binary", "threads", "context_size", "startup_timeout_s"],
            defaultConcurrency: 1
        ) { config, reader throws(InputProblem) in
            config.url = try reader.url("url")
            config.modelPath = try reader.entry.optionalString("model_path").map(reader.expand)
            guard (config.url == nil) != (config.modelPath == nil) else {
                throw reader.problem(nil, "a llama-server backend needs exactly one of 'url' (a running server) or 'model_path' (evalctl starts one)")
            }
            config.serverBinary = try reader.entry.optionalString("server_binary").map(reader.expand)
            config.threads = try reader.positive("threads", default: config.threads)
            config.contextSize = try reader.positive("context_size", default: config.contextSize)
            config.startupTimeoutSeconds = try reader.entry.optionalDouble("startup_timeout_s") ?? config.startupTimeoutSeconds
        },
        make: { config, environment in try LlamaServerBackend(config: config, locator: LlamaServerLocator(environment: environment)) })
}
