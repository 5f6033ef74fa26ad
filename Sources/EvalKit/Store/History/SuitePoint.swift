import Foundation

/// One run of one eval set × prompt × backend, summarised for a trend: quality per scorer, latency, tokens, cost,
/// and what the run was made of (hashes, model, fingerprints) so changes can be marked on the time axis.
public struct SuitePoint: Sendable {
    public let run: Stored<RunRecord>
    public let suite: Stored<SuiteRecord>
    public let results: Int
    public let errors: Int
    public let scorers: [String: ScorerPoint]
    /// Milliseconds over the results with a measured latency / time to first token.
    public let latency: Percentiles?
    public let timeToFirstToken: Percentiles?
    public let promptTokensPerResult: Double?
    public let completionTokensPerResult: Double?
    /// US dollars per result, from the suite's recorded prices; nil without prices or token counts.
    public let costPerResult: Double?
    /// Distinct `system_fingerprint`s the backend reported, most frequent first.
    public let systemFingerprints: [String]
    /// Distinct model ids the backend reported in its answers, most frequent first: an API can serve another model
    /// than the one configured.
    public let reportedModels: [String]

    /// The model that answered: the one the backend reported most often, else the configured one.
    public var model: String { reportedModels.first ?? suite.model }

    public var runID: Int64 { run.id }
}

/// Median and 95th percentile of a sample.
public struct Percentiles: Sendable, Hashable {
    public let p50: Double
    public let p95: Double

    /// Nearest-rank percentiles; nil for an empty sample.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func rank(_ q: Double) -> Double { sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))] }
        p50 = rank(0.5)
        p95 = rank(0.95)
    }
}
