import Foundation

/// `levenshtein`: how close the output is to the expected answer (the closest of a list), or to `value`, by edit
/// distance over Unicode scalars after the configured normalizations.
///
/// ```yaml
/// - {type: levenshtein, threshold: 0.8}        # similarity 1 − distance / longer length, 0…1 (default threshold 0.8)
/// - {type: levenshtein, max_distance: 5}       # pass/fail: at most 5 edits (promptfoo's `levenshtein` assertion)
/// ```
/// Without `max_distance`, pairs longer than 200 million cells (e.g. two 14,000-character texts) are an error for
/// that case rather than a stalled scorer; with it, the cost is linear in the length times the bound.
public struct LevenshteinScorer: Scorer {
    public let name: String
    public let threshold: Double
    public let normalization: Set<TextNormalization>
    public let targets: [String]?
    /// When set, pass/fail: the distance must be at most this.
    public let maximumDistance: Int?
    public var scoreScale: ScoreScale { maximumDistance == nil ? ScoreScale(kind: .continuous, range: 0...1) : .passFail }

    public init(name: String = "levenshtein", targets: [String]? = nil, normalization: Set<TextNormalization> = [],
                maximumDistance: Int? = nil, threshold: Double? = nil) {
        self.name = name
        self.targets = targets
        self.normalization = normalization
        self.maximumDistance = maximumDistance
        self.threshold = threshold ?? (maximumDistance == nil ? 0.8 : 1)
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["normalize", "value", "max_distance"])
        var maximum: Int?
        if let value = spec.options["max_distance"] {
            guard let number = value.intValue, number >= 0 else { throw spec.problem("'max_distance' must be a whole number ≥ 0") }
            guard spec.options["threshold"] == nil else {
                throw spec.problem("give 'max_distance' (pass/fail by edits) or 'threshold' (similarity 0…1), not both")
            }
            maximum = number
        }
        self.init(name: options.name, targets: try options.fixedValues(),
                  normalization: try TextNormalization.parse(spec.options["normalize"], spec: spec),
                  maximumDistance: maximum, threshold: maximum == nil ? try options.threshold(default: 0.8) : 1)
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let output = Array(TextNormalization.apply(normalization, to: input.output).unicodeScalars)
        let candidates = targets ?? input.evalCase.expectedTexts
        if let maximumDistance {
            for candidate in candidates {
                let target = Array(TextNormalization.apply(normalization, to: candidate).unicodeScalars)
                if let distance = EditDistance.distance(output, target, bound: maximumDistance) {
                    return Score(scorer: name, value: 1, threshold: 1,
                                 reason: "\(distance) edit\(distance == 1 ? "" : "s") from \(ScoreText.quote(candidate)) (at most \(maximumDistance))")
                }
            }
            return Score(scorer: name, value: 0, threshold: 1,
                         reason: "more than \(maximumDistance) edit\(maximumDistance == 1 ? "" : "s") from \(ScoreText.quote(candidates.first ?? ""))")
        }
        var best: (similarity: Double, distance: Int, target: String)?
        for candidate in candidates {
            let target = Array(TextNormalization.apply(normalization, to: candidate).unicodeScalars)
            guard let distance = EditDistance.distance(output, target) else {
                throw ScorerFailure("output (\(output.count) characters) and expected (\(target.count)) are too long to compare by edit distance; set 'max_distance'")
            }
            let longer = max(output.count, target.count)
            let similarity = longer == 0 ? 1 : 1 - Double(distance) / Double(longer)
            if best == nil || similarity > best!.similarity { best = (similarity, distance, candidate) }
        }
        let found = best ?? (0, 0, "")
        return Score(scorer: name, value: found.similarity, threshold: threshold,
                     reason: "similarity \(ScoreText.number(found.similarity)) (\(found.distance) edit\(found.distance == 1 ? "" : "s") from \(ScoreText.quote(found.target)))")
    }
}
