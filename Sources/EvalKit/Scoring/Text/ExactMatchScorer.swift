/// `exact`: the output equals the expected answer after the configured normalizations (any one, if several are listed).
///
/// ```yaml
/// - {type: exact, normalize: [trim, casefold], threshold: 1.0}
/// - {type: exact, value: "Yarr"}          # a fixed answer instead of the case's `expected` (or a list: any one)
/// ```
public struct ExactMatchScorer: Scorer {
    public let name: String
    public let threshold: Double
    public let normalization: Set<TextNormalization>
    /// Fixed answers; when nil the case's expected answer(s).
    public let answers: [String]?

    public init(name: String = "exact", answers: [String]? = nil, normalization: Set<TextNormalization> = [], threshold: Double = 1) {
        self.name = name
        self.answers = answers
        self.normalization = normalization
        self.threshold = threshold
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["normalize", "value"])
        self.init(name: options.name, answers: try options.fixedValues(), normalization: try TextNormalization.parse(spec.options["normalize"], spec: spec),
                  threshold: try options.threshold(default: 1))
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let output = TextNormalization.apply(normalization, to: input.output)
        let expected = answers ?? input.evalCase.expectedTexts
        let matched = expected.contains { TextNormalization.apply(normalization, to: $0) == output }
        let reason = matched ? "matches expected" : "expected \(ScoreText.quote(expected.first ?? "")), got \(ScoreText.quote(input.output))"
        return Score(scorer: name, value: matched ? 1 : 0, threshold: threshold, reason: reason)
    }
}
