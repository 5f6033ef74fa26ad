/// A case that got different outputs for the very same request (input and parameters), with the latest output and
/// the one before it that differed. What changed between them is `causes(in:)` (Analysis), from every recorded cause.
public struct ChangedOutput: Sendable {
    public struct Sample: Sendable {
        public let runID: Int64
        public let output: String
        public let model: String
        public let systemFingerprint: String?
    }

    public let suite: SuiteKey
    public let caseID: String
    /// Distinct outputs for the request over the runs in range, and how many results it had.
    public let distinctOutputs: Int
    public let results: Int
    public let previous: Sample
    public let latest: Sample
    /// 1 − normalised edit distance between the two outputs (1: identical, 0: nothing in common).
    public let similarity: Double
}
