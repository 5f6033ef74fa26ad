import Foundation

/// Reads one backend entry of `evalctl.yaml`: the keys every backend type has here, its type's own keys through that
/// type's `BackendTypeReader`; checks types, ranges and which keys belong to which type.
public struct BackendConfigReader {
    public let name: String
    public let entry: YAMLMapping
    let environment: [String: String]
    let types: [BackendTypeReader]

    private static let commonKeys: Set<String> = ["type", "model", "concurrency", "timeout_s", "max_retries", "params", "stream", "cost_per_mtok", "max_response_bytes", "cache", "fallback", "circuit_breaker", "rpm", "tpm"]

    func read() throws(InputProblem) -> BackendConfig {
        let typeName = try entry.requiredString("type")
        guard let type = types.first(where: { $0.type == typeName }) else {
            throw entry.problem("type", "backend '\(name)': " + NameSuggestion.unknown("type", typeName, known: types.map(\.type), listing: "expected one of"))
        }
        let allowed = Self.commonKeys.union(type.keys)
        if let unknown = entry.keys.first(where: { !allowed.contains($0) }) {
            let expected = NameSuggestion.closest(to: unknown, among: allowed.sorted()).map { "did you mean '\($0)'?" }
                ?? "expected: \(allowed.sorted().joined(separator: ", "))"
            throw entry.problem(unknown, "backend '\(name)': '\(unknown)' is not an option of type \(type.type) (\(expected))")
        }
        var config = BackendConfig(name: name, type: type.type, concurrency: type.defaultConcurrency)
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
        if let mode = try entry.optionalString("cache") {
            guard let cache = CacheMode(rawValue: mode) else {
                throw entry.problem("cache", "backend '\(name)': " + NameSuggestion.unknown("cache mode", mode, known: CacheMode.allCases.map(\.rawValue), listing: "expected one of"))
            }
            config.cache = cache
        }
        if entry.contains("cost_per_mtok") {
            config.pricing = try pricing()
        }
        config.fallback = try fallback()
        config.circuitBreaker = try circuitBreaker()
        for (key, path) in [("rpm", \BackendConfig.requestsPerMinute), ("tpm", \BackendConfig.tokensPerMinute)] {
            guard let value = try entry.optionalDouble(key) else { continue }
            guard value > 0, value.isFinite else { throw entry.problem(key, "backend '\(name)': \(key) must be a positive number per minute") }
            config[keyPath: path] = value
        }
        try type.read(&config, self)
        return config
    }

    /// `fallback: [name, …]` (or one name): other backends of the config, checked to exist once all are read.
    private func fallback() throws(InputProblem) -> [String] {
        guard entry.contains("fallback") else { return [] }
        if let single = try? entry.optionalString("fallback") { return [single] }
        guard let items = try entry.optionalSequence("fallback") else { return [] }
        var names: [String] = []
        for item in items {
            guard let name = item.string, !name.isEmpty else {
                throw InputProblem(file: item.file, line: item.line, message: "backend '\(name)': fallback lists backend names, e.g. fallback: [openai-backup]")
            }
            names.append(name)
        }
        return names
    }

    /// `circuit_breaker: off`, or a mapping of the policy's keys over its defaults.
    private func circuitBreaker() throws(InputProblem) -> CircuitBreakerPolicy {
        var policy = CircuitBreakerPolicy()
        guard entry.contains("circuit_breaker") else { return policy }
        if let flag = try? entry.optionalBool("circuit_breaker") {
            policy.enabled = flag
            return policy
        }
        if let text = try? entry.optionalString("circuit_breaker"), text == "off" || text == "on" {
            policy.enabled = text == "on"
            return policy
        }
        guard let settings = try entry.optionalMapping("circuit_breaker") else { return policy }
        let keys = ["consecutive_failures", "failure_rate", "window", "cooldown_s", "max_cooldown_s", "give_up_after_s"]
        if let unknown = settings.unknownKeys(known: keys, context: "backend '\(name)': circuit_breaker: ").first { throw unknown }
        func positive(_ key: String, _ value: Double?) throws(InputProblem) -> Double? {
            guard let value else { return nil }
            guard value > 0, value.isFinite else { throw settings.problem(key, "backend '\(name)': circuit_breaker: \(key) must be positive") }
            return value
        }
        if let value = try positive("consecutive_failures", try settings.optionalInt("consecutive_failures").map(Double.init)) { policy.consecutiveFailures = Int(value) }
        if let value = try positive("failure_rate", try settings.optionalDouble("failure_rate")) {
            guard value <= 1 else { throw settings.problem("failure_rate", "backend '\(name)': circuit_breaker: failure_rate is a share from 0 to 1") }
            policy.failureRate = value
        }
        if let value = try positive("window", try settings.optionalInt("window").map(Double.init)) { policy.window = Int(value) }
        if let value = try positive("cooldown_s", try settings.optionalDouble("cooldown_s")) { policy.cooldownSeconds = value }
        if let value = try positive("max_cooldown_s", try settings.optionalDouble("max_cooldown_s")) { policy.maxCooldownSeconds = max(value, policy.cooldownSeconds) }
        if let value = try positive("give_up_after_s", try settings.optionalDouble("give_up_after_s")) { policy.giveUpAfterSeconds = value }
        return policy
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

    /// A whole number of at least 1 under `key`, or `defaultValue`.
    public func positive(_ key: String, default defaultValue: Int) throws(InputProblem) -> Int {
        guard let value = try entry.optionalInt(key) else { return defaultValue }
        guard value >= 1 else { throw entry.problem(key, "backend '\(name)': \(key) must be at least 1") }
        return value
    }

    /// Expands a leading `~` and `${VAR}` references, so a shared config works in every home directory.
    /// `${EVALCTL_CACHE_DIR}` falls back to evalctl's cache directory when the variable is not set.
    public func expand(_ text: String) -> String {
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

extension BackendConfigReader {
    /// An http(s) URL under `key` (after `~` and `${VAR}` expansion), or nil when the key is absent.
    public func url(_ key: String) throws(InputProblem) -> URL? {
        guard let text = try entry.optionalString(key) else { return nil }
        guard let url = URL(string: expand(text)), url.scheme == "http" || url.scheme == "https" else {
            throw entry.problem(key, "backend '\(name)': \(key) must be an http(s) URL, found '\(text)'")
        }
        return url
    }

    /// A problem with this backend entry, at `key`'s line (the entry's when nil).
    public func problem(_ key: String?, _ message: String) -> InputProblem {
        entry.problem(key, "backend '\(name)': \(message)")
    }
}

/// How one backend type reads its own keys of an `evalctl.yaml` entry; the common keys (`model`, `concurrency`,
/// `timeout_s`, `params`, …) are read for every type. Handed down by the backend registry, so this layer knows no
/// backend type.
public struct BackendTypeReader: Sendable {
    /// The `type:` value, e.g. `openai`.
    public let type: String
    /// The keys only this type has.
    public let keys: Set<String>
    public let defaultConcurrency: Int
    public let read: @Sendable (inout BackendConfig, BackendConfigReader) throws(InputProblem) -> Void

    public init(type: String, keys: Set<String>, defaultConcurrency: Int,
                read: @escaping @Sendable (inout BackendConfig, BackendConfigReader) throws(InputProblem) -> Void) {
        self.type = type
        self.keys = keys
        self.defaultConcurrency = defaultConcurrency
        self.read = read
    }
}
