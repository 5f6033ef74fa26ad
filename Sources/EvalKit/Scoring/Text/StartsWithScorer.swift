import Foundation

/// `starts_with`: the output begins with the expected answer (any one, for a list), or with `value` when given, after
/// the configured normalizations. OpenAI Evals' `Match` is this scorer: `sampled.startswith(ideal)` for any ideal.
///
/// ```yaml
/// - {type: starts_with}                                   # looks for `expected` at the start
/// - {type: starts_with, value: "Answer:", normalize: [trim]}
/// ```
public struct StartsWithScorer: Scorer {
    public let name: String
    public let threshold: Double
    public let normalization: Set<TextNormalization>
    /// Fixed prefixes; when nil the case's expected answer(s) are the prefixes.
    public let prefixes: [String]?

    public init(name: String = "starts_with", prefixes: [String]? = nil, normalization: Set<TextNormalization> = [], threshold: Double = 1) {
        self.name = name
        self.prefixes = prefixes
        self.normalization = normalization
        self.threshold = threshold
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["normalize", "value"])
        self.init(name: options.name, prefixes: try options.fixedValues(),
                  normalization: try TextNormalization.parse(spec.options["normalize"], spec: spec),
                  threshold: try options.threshold(default: 1))
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let output = TextNormalization.apply(normalization, to: input.output)
        let candidates = prefixes ?? input.evalCase.expectedTexts
        // Compared as Unicode scalars, as Python's str.startswith does: "é" (precomposed) is not a prefix of "e\u{301}".
        let found = candidates.first { output.unicodeScalars.starts(with: TextNormalization.apply(normalization, to: $0).unicodeScalars) }
        let reason = found.map { "starts with \(ScoreText.quote($0))" }
            ?? "does not start with \(candidates.count > 1 ? "any of \(candidates.count) answers, e.g. " : "")\(ScoreText.quote(candidates.first ?? ""))"
        return Score(scorer: name, value: found == nil ? 0 : 1, threshold: threshold, reason: reason)
    }
}
