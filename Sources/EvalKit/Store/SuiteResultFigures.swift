/// Figures over one suite's results that the store computes without handing every result over: what the end-of-run
/// summary and the JUnit file's suite header need, in memory that does not grow with the number of cases.
public struct SuiteResultFigures: Sendable, Hashable {
    /// Results stored for the suite.
    public var count = 0
    /// The sum of every result's latency in id order (a missing latency counts 0), in milliseconds: the same sum, to
    /// the last bit, as adding the results' latencies one by one as they are read.
    public var latencySumMs = 0.0
    /// The median latency and time to first token of the results that have one, in milliseconds.
    public var latencyMedianMs: Double?
    public var ttftMedianMs: Double?
    /// How many results without an error each reported model answered (empty model names left out).
    public var modelCounts: [String: Int] = [:]
    /// Results whose model declined to answer (`FinishReason.isRefusal`).
    public var refusals = 0

    public init() {}

    /// The figures of results already in memory, in the order given (for a run whose results are read anyway, and to
    /// check the store's figures against).
    public init(results: [StoredResult]) {
        count = results.count
        latencySumMs = results.reduce(0) { $0 + ($1.result.latencyMs ?? 0) }
        latencyMedianMs = Self.median(results.compactMap(\.result.latencyMs))
        ttftMedianMs = Self.median(results.compactMap(\.result.ttftMs))
        for stored in results where stored.result.status != .error && !stored.result.model.isEmpty {
            modelCounts[stored.result.model, default: 0] += 1
        }
        refusals = results.count { FinishReason.isRefusal($0.result.finishReason) }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The model most answers came from (the first by name on a tie); nil when no answer named one.
    public var answeringModel: String? { modelCounts.keysByFrequency.first }
}
