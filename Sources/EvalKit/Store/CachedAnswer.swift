import Foundation

/// A row of `response_cache`: a model's answer to one request, stored under the request's key (`RequestIdentity`).
/// What it cost and how long it took are as first measured; the request is kept for people reading a cassette.
public struct CachedAnswer: Sendable, Hashable {
    /// SHA-256 (hex) of the request's identity: wire type, endpoint, model, body and sample.
    public var key: String
    public var wireType: String
    public var endpoint: String
    public var model: String
    public var sample: Int
    /// The request body as canonical JSON (the body the key was computed over, secrets redacted).
    public var request: String
    public var output: String
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var systemFingerprint: String?
    /// The model id the server reported.
    public var servedModel: String?
    public var latencyMs: Double?
    public var ttftMs: Double?
    public var recordedAt: Date

    public init(key: String, wireType: String, endpoint: String, model: String, sample: Int, request: String, output: String,
                finishReason: String? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil,
                systemFingerprint: String? = nil, servedModel: String? = nil, latencyMs: Double? = nil, ttftMs: Double? = nil,
                recordedAt: Date) {
        self.key = key
        self.wireType = wireType
        self.endpoint = endpoint
        self.model = model
        self.sample = sample
        self.request = request
        self.output = output
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.systemFingerprint = systemFingerprint
        self.servedModel = servedModel
        self.latencyMs = latencyMs
        self.ttftMs = ttftMs
        self.recordedAt = recordedAt
    }

    /// The answer as a backend's completion, marked as read from the cache (no attempts were made).
    public var completion: ChatCompletion {
        ChatCompletion(content: output, model: servedModel, finishReason: finishReason, systemFingerprint: systemFingerprint,
                       promptTokens: promptTokens, completionTokens: completionTokens, latency: (latencyMs ?? 0) / 1000,
                       timeToFirstToken: ttftMs.map { $0 / 1000 }, attempts: 0, cachedAt: recordedAt)
    }
}

/// What the response cache holds, for `evalctl cache stats`.
public struct CacheStatistics: Sendable {
    /// Entries per wire type, endpoint and model.
    public struct Group: Sendable {
        public var wireType: String
        public var endpoint: String
        public var model: String
        public var entries: Int
        public var bytes: Int
        public var oldest: Date
        public var newest: Date
    }

    public var groups: [Group]
    public var entries: Int { groups.reduce(0) { $0 + $1.entries } }
    public var bytes: Int { groups.reduce(0) { $0 + $1.bytes } }
    public var oldest: Date? { groups.map(\.oldest).min() }
    public var newest: Date? { groups.map(\.newest).max() }
}

/// A result to store, with what came with it: its scores, the cache entries its requests recorded (answer and judge
/// verdicts, written in the same transaction), the cache keys it used, and whether it replaces an earlier result of
/// the same cell (an error or a skipped cell a resumed run sent again).
public struct ResultEntry: Sendable {
    public var result: ResultRecord
    public var scores: [Score]
    public var cacheEntries: [CachedAnswer]
    public var cacheKeysUsed: [String]
    public var replacesEarlier: Bool

    public init(result: ResultRecord, scores: [Score], cacheEntries: [CachedAnswer] = [], cacheKeysUsed: [String] = [],
                replacesEarlier: Bool = false) {
        self.result = result
        self.scores = scores
        self.cacheEntries = cacheEntries
        self.cacheKeysUsed = cacheKeysUsed
        self.replacesEarlier = replacesEarlier
    }
}
