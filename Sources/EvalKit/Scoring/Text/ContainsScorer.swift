/// `contains`: the output contains the expected answer (or `value`, when given) after normalization.
///
/// ```yaml
/// - {type: contains, normalize: [casefold]}            # looks for `expected`
/// - {type: contains, value: "Paris", name: says-paris}  # looks for a fixed string
/// ```
public struct ContainsScorer: Scorer {
    public let name: String
    public let threshold: Double
    public let normalization: Set<TextNormalization>
    /// A fixed needle; when nil the case's expected answer(s) are looked for.
    public let needle: String?

    public init(name: String = "contains", needle: String? = nil, normalization: Set<TextNormalization> = [], threshold: Double = 1) {
        self.name = name
        self.needle = needle
        self.normalization = normalization
        self.threshold = threshold
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["normalize", "value"])
        self.init(name: options.name, needle: try options.string("value"),
                  normalization: try TextNormalization.parse(spec.options["normalize"], spec: spec),
                  threshold: try options.threshold(default: 1))
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let output = TextNormalization.apply(normalization, to: input.output)
        let needles = needle.map { [$0] } ?? input.evalCase.expectedTexts
        let found = needles.first { output.contains(TextNormalization.apply(normalization, to: $0)) }
        let reason = found.map { "contains \(ScoreText.quote($0))" } ?? "does not contain \(ScoreText.quote(needles.first ?? ""))"
        return Score(scorer: name, value: found == nil ? 0 : 1, threshold: threshold, reason: reason)
    }
}
