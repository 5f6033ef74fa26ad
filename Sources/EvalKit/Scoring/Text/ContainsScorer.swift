/// `contains`: the output contains the expected answer (any one, for a list), or `value` when given, after
/// normalization.
///
/// ```yaml
/// - {type: contains, normalize: [casefold]}                   # looks for `expected`
/// - {type: contains, value: "Paris", name: says-paris}         # looks for a fixed string
/// - {type: contains, value: [Paris, France], match: all}      # every one must be there (default: any one)
/// - {type: contains, either_way: true, normalize: [squad]}    # …or the output is contained in the answer
/// ```
/// `either_way` is OpenAI Evals' `FuzzyMatch`: the normalized output contains an answer or is contained in one (an empty
/// text only matches an empty one). Texts are compared by code point, as Python's `in` does: `"e\u{301}"` contains `"e"`.
public struct ContainsScorer: Scorer {
    public enum Match: String, Sendable, CaseIterable {
        case any
        case all
    }

    public let name: String
    public let threshold: Double
    public let normalization: Set<TextNormalization>
    /// Fixed needles; when nil the case's expected answer(s) are looked for.
    public let needles: [String]?
    public let match: Match
    public let eitherWay: Bool

    public init(name: String = "contains", needles: [String]? = nil, match: Match = .any, eitherWay: Bool = false,
                normalization: Set<TextNormalization> = [], threshold: Double = 1) {
        self.name = name
        self.needles = needles
        self.match = match
        self.eitherWay = eitherWay
        self.normalization = normalization
        self.threshold = threshold
    }

    /// One fixed needle.
    public init(name: String = "contains", needle: String?, normalization: Set<TextNormalization> = [], threshold: Double = 1) {
        self.init(name: name, needles: needle.map { [$0] }, normalization: normalization, threshold: threshold)
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["normalize", "value", "match", "either_way"])
        let matchName = try options.string("match") ?? Match.any.rawValue
        guard let match = Match(rawValue: matchName) else {
            throw spec.problem("'match' must be 'any' or 'all', not '\(matchName)'")
        }
        self.init(name: options.name, needles: try options.fixedValues(), match: match, eitherWay: try options.bool("either_way", default: false),
                  normalization: try TextNormalization.parse(spec.options["normalize"], spec: spec),
                  threshold: try options.threshold(default: 1))
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let output = TextNormalization.apply(normalization, to: input.output)
        let candidates = needles ?? input.evalCase.expectedTexts
        let found = candidates.map { candidate -> Containment? in
            let needle = TextNormalization.apply(normalization, to: candidate)
            if eitherWay, output.isEmpty || needle.isEmpty { return output == needle ? .contains : nil }
            if PythonText.contains(needle, in: output) { return .contains }
            return eitherWay && PythonText.contains(output, in: needle) ? .isContained : nil
        }
        let passed: Bool
        let reason: String
        switch match {
        case .any:
            passed = found.contains { $0 != nil }
            if let index = found.firstIndex(where: { $0 != nil }) {
                reason = "\(found[index] == .isContained ? "is contained in" : "contains") \(ScoreText.quote(candidates[index]))"
            } else {
                reason = "does not contain \(candidates.count > 1 ? "any of \(candidates.count), e.g. " : "")\(ScoreText.quote(candidates.first ?? ""))"
            }
        case .all:
            passed = !found.contains(nil)
            let missing = zip(candidates, found).filter { $0.1 == nil }.map(\.0)
            reason = passed ? "contains all \(candidates.count)" : "does not contain \(missing.map { ScoreText.quote($0) }.joined(separator: ", "))"
        }
        return Score(scorer: name, value: passed ? 1 : 0, threshold: threshold, reason: reason)
    }

    /// How a candidate was found: in the output, or (with `either_way`) around it.
    private enum Containment {
        case contains
        case isContained
    }
}
