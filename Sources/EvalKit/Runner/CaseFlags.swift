/// Applies an eval set's `flag:` rules to one scored result: the reasons of the rules that fired, in the rules'
/// order, each a short line a reviewer reads (`judge spread 2 > 1`, `refusal: "I'm sorry, but…"`).
public enum CaseFlags {
    /// The scorer types whose errors `judge_error` counts.
    static let judgeType = "judge"

    /// `output` is nil when there is none (a backend error): only scorer rules can fire then.
    public static func reasons(_ evalSet: EvalSet, evalCase: EvalCase, output: String?, scores: [Score], error: CaseError?) -> [String] {
        var reasons: [String] = []
        for rule in evalSet.flagRules {
            if let reason = reason(rule.condition, evalSet: evalSet, evalCase: evalCase, output: output, scores: scores, error: error) {
                reasons.append(reason)
            }
        }
        return reasons
    }

    private static func reason(_ condition: FlagRule.Condition, evalSet: EvalSet, evalCase: EvalCase, output: String?, scores: [Score],
                               error: CaseError?) -> String? {
        switch condition {
        case .scorer(let name, let scorerCondition):
            if case .errored = scorerCondition {
                return error?.scorer == name ? "\(name) errored" : nil
            }
            guard let score = scores.first(where: { $0.scorer == name }) else { return nil }
            return reason(scorerCondition, score: score)
        case .refusal:
            let detector = RefusalDetector()
            guard let output, detector.refusal(in: output) != nil, !detector.expectsRefusal(evalCase) else { return nil }
            return "refusal: \(ScoreText.quote(RedLineHit.masked(output.trimmingPrefixWhitespace, visible: 40)))"
        case .judgeError:
            let judges = Set(evalSet.scorerSpecs.filter { $0.type == judgeType }.map { $0.options["name"]?.stringValue ?? $0.type })
            guard let scorer = error?.scorer, judges.contains(scorer) else { return nil }
            return "judge error: \(scorer) could not score"
        case .outputLongerThan(let length):
            guard let output else { return nil }
            let count = output.count
            switch length {
            case .characters(let limit):
                return count > limit ? "output \(count) chars > \(limit)" : nil
            case .timesExpected(let factor):
                let expected = evalCase.expectedTexts.map(\.count).max() ?? 0
                guard expected > 0, Double(count) > factor * Double(expected) else { return nil }
                return "output \(count) chars > \(JSONValue.format(number: factor))× expected (\(expected) chars)"
            }
        }
    }

    private static func reason(_ condition: FlagRule.ScorerCondition, score: Score) -> String? {
        let value = JSONValue.format(number: score.value)
        switch condition {
        case .failed:
            return score.passed ? nil : "\(score.scorer) failed (score \(value), threshold \(JSONValue.format(number: score.threshold)))"
        case .passed:
            return score.passed ? "\(score.scorer) passed (score \(value))" : nil
        case .errored:
            return nil
        case .compare(let field, let op, let bound):
            let actual: Double?
            if field == "score" {
                actual = score.value
            } else if case .object(let details)? = score.details {
                actual = details[field]?.doubleValue
            } else {
                actual = nil
            }
            guard let actual, op.holds(actual, bound) else { return nil }
            return "\(score.scorer) \(field) \(JSONValue.format(number: actual)) \(op.rawValue) \(JSONValue.format(number: bound))"
        }
    }
}
