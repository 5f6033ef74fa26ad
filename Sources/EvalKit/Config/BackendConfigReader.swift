import Foundation

/// Reads one backend entry of `evalctl.yaml`, checking types, ranges and which keys belong to which backend type.
struct BackendConfigReader {
    let name: String
    let entry: YAMLMapping
    let environment: [String: String]

    private static let commonKeys: Set<String> = ["type", "model", "concurrency", "timeout_s", "max_retries", "params", "stream", "cost_per_mtok", "max_response_bytes"]
    private static let keysByKind: [BackendConfig.Kind: Set<String>] = [
        .openai: ["base_url", "api_key_env"],
        .llamaServer: ["url", "model_path", "server_binary", "threads", "context_size", "startup_timeout_s"],
    ]

    func read() throws(InputProblem) -> BackendConfig {
        let typeName = try entry.requiredString("type")
        guard let kind = BackendConfig.Kind(rawValue: typeName) else {
            throw entry.problem("type", "backend '\(name)': " + NameSuggestion.unknown("type", typeName, known: BackendConfig.Kind.allCases.map(\.rawValue), listing: "expected one of"))
        }
        let allowed = Self.commonKeys.union(Self.keysByKind[kind] ?? [])
        if let unknown = entry.keys.first(where: { !allowed.contains($0) }) {
            let expected = NameSuggestion.closest(to: unknown, among: allowed.sorted()).map { "did you mean '\($0)'?" }
                ?? "expected: \(allowed.sorted().joined(separator: ", "))"
            throw entry.problem(unknown, "backend '\(name)': '\(unknown)' is not an option of type \(kind.rawValue) (\(expected))")
        }
        var config = BackendConfig(name: name, kind: kind)
        config.model = try entry.optionalString("model")
        config.concurrency = try positive("concurrency", default: config.concurrency)
        config.timeoutSeconds = try entry.optionalDouble("timeout_s") ?? config.timeoutSeconds
        guard config.timeoutSeconds >= 1 else { throw entry.problem("timeout_s", "backend '\(name)': timeout_s must be at least 1") }
        config.maxRetries = try entry.optionalInt("max_retries") ?? config.maxRetries
        guard config.maxRetries >= 0 else { throw entry.problem("max_retries", "backend '\(name)': max_retries cannot be negative") }
        config.maxResponseBytes = try entry.optionalInt("max_response_bytes") ?? config.maxResponseBytes
        guard config.maxResponseBytes >= 1024 else {
            throw entry.problem("max_response_bytes", "backend '\(name)': max_response_bytes must be at least 1024")
        }
        config.stream = try entry.optionalBool("stream") ?? true
        if entry.contains("params") {
            guard case .object(let parameters)? = entry.json("params") else {
                throw entry.problem("params", "backend '\(name)': params must be a mapping, e.g. {temperature: 0, max_tokens: 256}")
            }
            config.parameters = parameters
        }
        if entry.contains("cost_per_mtok") {
            config.pricing = try pricing()
        }
        switch kind {
        case .openai:
            let base = try entry.requiredString("base_url")
            guard let url = URL(string: expand(base)), url.scheme == "http" || url.scheme == "https" else {
                throw entry.problem("base_url", "backend '\(name)': base_url must be an http(s) URL, found '\(base)'")
            }
            config.baseURL = url
            guard config.model != nil else { throw entry.problem(nil, "backend '\(name)': missing required field 'model'") }
            config.apiKeyEnvironmentVariable = try entry.optionalString("api_key_env")
        case .llamaServer:
            if let url = try entry.optionalString("url") {
                guard let parsed = URL(string: expand(url)), parsed.scheme == "http" || parsed.scheme == "https" else {
                    throw entry.problem("url", "backend '\(name)': url must be an http(s) URL, found '\(url)'")
                }
                config.url = parsed
            }
            config.modelPath = try entry.optionalString("model_path").map(expand)
            guard (config.url == nil) != (config.modelPath == nil) else {
                throw entry.problem(nil, "backend '\(name)': a llama-server backend needs exactly one of 'url' (a running server) or 'model_path' (evalctl starts one)")
            }
            config.serverBinary = try entry.optionalString("server_binary").map(expand)
            config.threads = try positive("threads", default: config.threads)
            config.contextSize = try positive("context_size", default: config.contextSize)
            config.startupTimeoutSeconds = try entry.optionalDouble("startup_timeout_s") ?? config.startupTimeoutSeconds
        }
        return config
    }

    /// `cost_per_mtok: {input: 0.15, output: 0.60}`: dollars per million tokens.
    private func pricing() throws(InputProblem) -> TokenPricing {
        let example = "e.g. cost_per_mtok: {input: 0.15, output: 0.60} (US dollars per million tokens)"
        if let prices = try entry.optionalMapping("cost_per_mtok"), let unknown = prices.unknownKeys(known: ["input", "output"], context: "backend '\(name)': cost_per_mtok: ").first {
            throw unknown
        }
        guard case .object(let fields)? = entry.json("cost_per_mtok"), Set(fields.keys) == ["input", "output"],
              case .number(let input)? = fields["input"], case .number(let output)? = fields["output"],
              input >= 0, output >= 0 else {
            throw entry.problem("cost_per_mtok", "backend '\(name)': cost_per_mtok needs non-negative input and output prices, \(example)")
        }
        return TokenPricing(inputPerMillion: input, outputPerMillion: output)
    }

    private func positive(_ key: String, default defaultValue: Int) throws(InputProblem) -> Int {
        guard let value = try entry.optionalInt(key) else { return defaultValue }
        guard value >= 1 else { throw entry.problem(key, "backend '\(name)': \(key) must be at least 1") }
        return value
    }

    /// Expands a leading `~` and `${VAR}` references, so a shared config works in every home directory.
    /// `${EVALCTL_CACHE_DIR}` falls back to evalctl's cache directory when the variable is not set.
    func expand(_ text: String) -> String {
        var result = text
        if result == "~" || result.hasPrefix("~/") {
            result = (environment["HOME"] ?? NSHomeDirectory()) + result.dropFirst()
        }
        // Scans on from after each substitution: a value that itself contains `${…}` is used as is, never expanded again
        // (which would loop forever on VAR='${VAR}').
        var expanded = ""
        var rest = result[...]
        while let start = rest.range(of: "${"), let end = rest.range(of: "}", range: start.upperBound..<rest.endIndex) {
            let variable = String(rest[start.upperBound..<end.lowerBound])
            var value = environment[variable] ?? ""
            if variable == "EVALCTL_CACHE_DIR", value.isEmpty { value = CacheDirectory.path(environment: environment) }
            expanded += rest[..<start.lowerBound] + value
            rest = rest[end.upperBound...]
        }
        return expanded + rest
    }
}
