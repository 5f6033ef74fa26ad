/// One eval set × prompt × backend over time: a point per run that has it, oldest first.
public struct SuiteHistory: Sendable {
    public let key: SuiteKey
    public let points: [SuitePoint]

    /// Scorer names seen in any run, sorted.
    public var scorerNames: [String] { Set(points.flatMap(\.scorers.keys)).sorted() }
}
