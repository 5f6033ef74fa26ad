/// What one run of an eval set × prompt × backend recorded about what its answers depend on: the suite's record
/// (prompt and eval set hashes, the backend's configuration), the run's evalctl version, and what the answers said
/// about the model that served them. The input of `ChangeAttribution`.
///
/// ```swift
/// let conditions = SuiteConditions(point)   // from a history point (`evalctl report`, `drift`)
/// ```
public struct SuiteConditions: Sendable {
    public var suite: SuiteRecord
    public var evalctlVersion: String
    /// The model id the backend reported most often; nil when no answer said (the configured one is then used).
    public var servedModel: String?
    /// The `system_fingerprint` reported most often; nil when the backend reports none.
    public var fingerprint: String?

    public init(suite: SuiteRecord, evalctlVersion: String, servedModel: String?, fingerprint: String?) {
        self.suite = suite
        self.evalctlVersion = evalctlVersion
        self.servedModel = servedModel
        self.fingerprint = fingerprint
    }

    /// A suite of the history: its record, its run's evalctl version, and the model and fingerprint reported most.
    public init(_ point: SuitePoint) {
        self.init(suite: point.suite.fields, evalctlVersion: point.run.evalctlVersion, servedModel: point.reportedModels.first,
                  fingerprint: point.systemFingerprints.first)
    }

    /// A suite of a run with its results (answers without errors say which model and fingerprint served them).
    public init(run: RunRecord, suite: SuiteRecord, results: [StoredResult]) {
        var models: [String: Int] = [:], fingerprints: [String: Int] = [:]
        for stored in results where stored.result.status != .error {
            if !stored.result.model.isEmpty { models[stored.result.model, default: 0] += 1 }
            if let fingerprint = stored.result.systemFingerprint { fingerprints[fingerprint, default: 0] += 1 }
        }
        self.init(suite: suite, evalctlVersion: run.evalctlVersion, servedModel: models.keysByFrequency.first,
                  fingerprint: fingerprints.keysByFrequency.first)
    }

    /// The model that answered: the one reported most often, else the configured one.
    public var model: String { servedModel ?? suite.model }
}
