/// `one_of`: the output is one of a list of acceptable answers — the case's `expected` list (a single string is a list
/// of one), or `value` — after the configured normalizations. For labels and short answers with several right forms.
///
/// ```yaml
/// - {type: one_of, normalize: [trim, casefold]}              # "expected": ["Paris", "Paris, France"]
/// - {type: one_of, value: [positive, negative, neutral]}     # a fixed set: the output must be a valid label
/// ```
public struct OneOfScorer: Scorer {
    public let name: String
    public let threshold: Double
    public let normalization: Set<TextNormalization>
    /// Fixed answers; when nil the case's expected answers.
    public let answers: [String]?

    public init(name: String = "one_of", answers: [String]? = nil, normalization: Set<TextNormalization> = [], threshold: Double = 1) {
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
        let options = answers ?? input.evalCase.expectedTexts
        let output = TextNormalization.apply(normalization, to: input.output)
        // Compared as Unicode scalars, so what passes does not depend on canonical equivalence.
        if let matched = options.first(where: { TextNormalization.apply(normalization, to: $0).unicodeScalars.elementsEqual(output.unicodeScalars) }) {
            return Score(scorer: name, value: 1, threshold: threshold, reason: "is \(ScoreText.quote(matched))")
        }
        let shown = options.prefix(5).map { ScoreText.quote($0, limit: 40) }.joined(separator: ", ") + (options.count > 5 ? ", … (\(options.count) in all)" : "")
        return Score(scorer: name, value: 0, threshold: threshold, reason: "got \(ScoreText.quote(input.output)), not one of \(shown)")
    }
}
