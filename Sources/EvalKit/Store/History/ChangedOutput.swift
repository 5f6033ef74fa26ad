/// A case that got different outputs for the very same request (input and parameters), with the latest output and
/// the one before it that differed, and what most likely caused the difference.
public struct ChangedOutput: Sendable {
    public enum Cause: String, Sendable {
        /// Same request, same model id and fingerprint: the backend is not deterministic.
        case generationNoise = "generation_noise"
        /// The model id changed between the two outputs.
        case modelChanged = "model_changed"
        /// Same model id, another `system_fingerprint`: the provider changed what serves it.
        case fingerprintChanged = "fingerprint_changed"
    }

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

    public var cause: Cause {
        if previous.model != latest.model { return .modelChanged }
        if let old = previous.systemFingerprint, let new = latest.systemFingerprint, old != new { return .fingerprintChanged }
        return .generationNoise
    }
}
