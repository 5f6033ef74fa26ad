import Foundation

extension BackendType {
    /// `type: stub`: the bundled `evalctl-stub` server, started for the run and stopped afterwards. It answers without
    /// a model or a key (echoing the last user message by default), so a new project runs at once; see `evalctl init`.
    public static let stub = BackendType(
        config: BackendTypeReader(
            type: "stub", keys: ["answer_mode", "server_binary", "startup_timeout_s"], defaultConcurrency: 8
        ) { config, reader throws(InputProblem) in
            if let mode = try reader.entry.optionalString("answer_mode") {
                guard mode == "echo" || mode == "expected-tag" || mode.hasPrefix("fixed:") else {
                    throw reader.problem("answer_mode", "backend '\(reader.name)': answer_mode must be echo, expected-tag or fixed:TEXT, found '\(mode)'")
                }
                config.answerMode = mode
            }
            config.serverBinary = try reader.entry.optionalString("server_binary").map(reader.expand)
            config.startupTimeoutSeconds = try reader.entry.optionalDouble("startup_timeout_s") ?? 60
        },
        make: { config, environment in try StubServerBackend(config: config, environment: environment) })
}
