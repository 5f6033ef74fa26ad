import Foundation

/// Where an LLM judge disagrees on a result: with another judge, with a scorer that is not a judge (the judge passes
/// what `exact` fails), or with itself (asked several times, some samples pass and some fail).
///
/// A judge's score is recognised by its details (`judge_model`, `scores`: what `Scoring/Judge` keeps with each score).
enum JudgeDisagreement {
    static func reasons(_ scores: [ScoreRecord]) -> [String] {
        let judges = scores.filter(isJudge)
        guard !judges.isEmpty else { return [] }
        var reasons: [String] = []
        for judge in judges {
            for other in scores where other.scorer != judge.scorer && other.passed != judge.passed {
                // A pair of judges is named once, from the first of them.
                if isJudge(other), other.scorer < judge.scorer { continue }
                reasons.append("judge disagrees: \(judge.scorer) \(verdict(judge)), \(other.scorer) \(verdict(other))")
            }
            let samples = samples(of: judge)
            let passing = samples.filter { $0 >= judge.threshold }.count
            if samples.count > 1, passing > 0, passing < samples.count {
                reasons.append("judge samples disagree: \(judge.scorer) \(passing) of \(samples.count) pass")
            }
        }
        return reasons
    }

    static func isJudge(_ score: ScoreRecord) -> Bool {
        guard let details = details(of: score) else { return false }
        return details["judge_model"] != nil && details["scores"]?.arrayValue != nil
    }

    static func samples(of score: ScoreRecord) -> [Double] {
        details(of: score)?["scores"]?.arrayValue?.compactMap(\.doubleValue) ?? []
    }

    private static func details(of score: ScoreRecord) -> JSONValue? {
        guard let text = score.details else { return nil }
        return try? JSONValue(parsing: Data(text.utf8))
    }

    private static func verdict(_ score: ScoreRecord) -> String { score.passed ? "passes" : "fails" }
}
