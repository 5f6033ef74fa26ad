import Foundation

/// One entry under `backends:` in `evalctl.yaml`.
public struct BackendConfig: Sendable, Hashable {
    public var name: String
    /// The backend type (`openai`, `llama-server`, …), as the backend registry names it.
    public var type: String
    /// `openai`: the API root, e.g. https://api.openai.com/v1.
    public var baseURL: URL?
    /// The model id sent with each request (`openai`), or reported for a llama server.
    public var model: String?
    /// The environment variable holding the API key; the key itself never appears in config, database or logs.
    public var apiKeyEnvironmentVariable: String?
    public var concurrency: Int
    public var timeoutSeconds: Double
    public var maxRetries: Int
    /// The largest answer read, in bytes (body or stream); a larger one makes the case an error. `max_response_bytes`.
    public var maxResponseBytes: Int
    /// Request body fields sent as given (temperature, max_tokens, seed, …).
    public var parameters: [String: JSONValue]
    /// Stream responses (SSE) to measure time to first token. On by default.
    public var stream: Bool
    /// `llama-server`: an already running server.
    public var url: URL?
    /// `llama-server`: a GGUF model; evalctl starts a server for it and stops it afterwards.
    public var modelPath: String?
    /// `llama-server`: the server program to start (default: see `LlamaServerLocator`).
    public var serverBinary: String?
    /// `stub`: how the bundled stub answers (`echo`, `expected-tag` or `fixed:TEXT`); see `evalctl-stub --help`.
    public var answerMode: String?
    public var threads: Int
    public var contextSize: Int
    public var startupTimeoutSeconds: Double
    /// US dollars per million tokens, for cost per case in reports; nil when unknown (a local model costs nothing).
    public var pricing: TokenPricing?
    /// `fallback:`: backends a case goes to, in order, when this one fails it after its retries (or its circuit is open).
    public var fallback: [String] = []
    /// `circuit_breaker:`: when to stop sending to a failing backend (on by default).
    public var circuitBreaker = CircuitBreakerPolicy()
    /// `rpm:` / `tpm:`: the most requests and tokens per minute to send (client-side quota), nil for no limit.
    public var requestsPerMinute: Double?
    public var tokensPerMinute: Double?
    /// `cache:`: how runs use the response cache for this backend unless `--cache` says otherwise (default off).
    public var cache: CacheMode?

    public init(name: String, type: String, concurrency: Int = 8) {
        self.name = name
        self.type = type
        self.concurrency = concurrency
        timeoutSeconds = 60
        maxRetries = 4
        maxResponseBytes = BackendConfig.defaultMaxResponseBytes
        parameters = [:]
        stream = true
        threads = 1
        contextSize = 2048
        startupTimeoutSeconds = 120
    }

    /// 8 MiB: far above any chat answer, small enough that a hostile server cannot exhaust memory.
    public static let defaultMaxResponseBytes = 8 * 1024 * 1024

    /// SHA-256 of everything that shapes the answers (not the API key, which is never read here).
    public var contentHash: String {
        var fields: [String: JSONValue] = [
            "type": .string(type), "params": .object(parameters), "stream": .bool(stream),
        ]
        if let model { fields["model"] = .string(model) }
        if let baseURL { fields["base_url"] = .string(baseURL.absoluteString) }
        if let modelPath { fields["model_path"] = .string(modelPath) }
        if let url { fields["url"] = .string(url.absoluteString) }
        if let answerMode { fields["answer_mode"] = .string(answerMode) }
        // Only when set, so the hash of a config without fallbacks is what it always was.
        if !fallback.isEmpty { fields["fallback"] = .array(fallback.map(JSONValue.string)) }
        return SHA256.hex(JSONValue.object(fields).canonicalJSON)
    }
}

/// What a backend charges: US dollars per million prompt (input) and completion (output) tokens.
public struct TokenPricing: Sendable, Hashable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double

    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }
}

/// How a run uses the response cache (`--cache`, or `cache:` per backend).
public enum CacheMode: String, Sendable, CaseIterable {
    /// Reads answers stored for the same request; asks the model on a miss and records its answer.
    case use
    /// Asks the model every time and records the answer over the stored one.
    case refresh
    /// Neither reads nor records (the default: nightly drift runs always ask the model).
    case off
    /// Never asks a model: a request with no stored answer is an error for its case, naming the missing key.
    case only

    /// Whether answers are read from the cache.
    public var reads: Bool { self == .use || self == .only }
    /// Whether answers from the model are recorded.
    public var records: Bool { self == .use || self == .refresh }
}

/// When a backend's circuit breaker opens and closes (`circuit_breaker:` in the config; see `CircuitBreaker`).
public struct CircuitBreakerPolicy: Sendable, Hashable {
    public var enabled = true
    /// Failed attempts in a row that open the circuit.
    public var consecutiveFailures = 5
    /// The failure share over the last `window` attempts that opens it.
    public var failureRate = 0.5
    public var window = 20
    /// The first wait before a probe; doubled while probes fail, up to `maxCooldownSeconds`.
    public var cooldownSeconds = 5.0
    public var maxCooldownSeconds = 60.0
    /// Open this long without a successful probe: the backend is down, its cases end as errors (or go to a fallback).
    public var giveUpAfterSeconds = 300.0
    /// Failed attempts, before any success, that mean the backend cannot be reached at all (fail fast).
    public static let unreachableAfter = 3

    public init() {}
}
