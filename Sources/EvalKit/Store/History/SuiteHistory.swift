/// One eval set × prompt × backend over time: a point per run that has it, oldest first.
public struct SuiteHistory: Sendable {
    public let key: SuiteKey
    public let points: [SuitePoint]

    /// Scorer names seen in any run, sorted.
    public var scorerNames: [String] { Set(points.flatMap(\.scorers.keys)).sorted() }

    /// What differs between two runs of the suite: model id, system fingerprint, eval set and prompt content. Kept
    /// for drift until it names causes through `ChangeAttribution` (Analysis), which knows every recorded cause.
    static func differences(_ before: SuitePoint, _ after: SuitePoint) -> [String] {
        var what: [String] = []
        if before.model != after.model { what.append("model \(before.model) → \(after.model)") }
        if let old = before.systemFingerprints.first, let new = after.systemFingerprints.first, old != new {
            what.append("fingerprint \(old) → \(new)")
        }
        if before.suite.evalsetHash != after.suite.evalsetHash {
            what.append(before.suite.evalsetVersion == after.suite.evalsetVersion
                ? "eval set content changed" : "eval set v\(before.suite.evalsetVersion) → v\(after.suite.evalsetVersion)")
        }
        if before.suite.promptHash != after.suite.promptHash { what.append("prompt \(after.suite.promptID) changed") }
        return what
    }
}
