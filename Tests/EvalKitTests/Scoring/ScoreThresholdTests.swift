import Testing
@testable import EvalKit

@Suite("Score thresholds")
struct ScoreThresholdTests {
    @Test("a score passes when its value reaches the threshold, and fails just below it")
    func passesAtThreshold() {
        #expect(Score(scorer: "s", value: 0.5, threshold: 0.5, reason: "").passed)
        #expect(Score(scorer: "s", value: 0.75, threshold: 0.5, reason: "").passed)
        #expect(!Score(scorer: "s", value: 0.4999, threshold: 0.5, reason: "").passed)
        #expect(!Score(scorer: "s", value: 0, threshold: 1, reason: "").passed)
    }

    @Test("the simple scorers default to threshold 1, so only a full match passes")
    func defaultThreshold() throws {
        for type in ["exact", "contains"] {
            let scorer = try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string(type)]), evalSetDirectory: TestFixtures.root)
            #expect(scorer.threshold == 1)
        }
    }

    @Test("with threshold 0 a mismatch still scores 0 but passes")
    func zeroThreshold() async throws {
        let scorer = try ScorerRegistry.standard.makeScorer(
            scorerSpec(["type": .string("exact"), "threshold": .number(0)]), evalSetDirectory: TestFixtures.root)
        let score = try await scorer.score("Lyon", expected: .string("Paris"))
        #expect(score.value == 0)
        #expect(score.threshold == 0)
        #expect(score.passed)
    }

    @Test("a threshold outside 0…1 or not a number is rejected at the entry")
    func invalidThreshold() {
        for threshold: JSONValue in [.number(1.5), .number(-0.1), .string("high")] {
            let error = #expect(throws: InputProblem.self) {
                try ScorerRegistry.standard.makeScorer(
                    scorerSpec(["type": .string("regex"), "pattern": .string("x"), "threshold": threshold], line: 30),
                    evalSetDirectory: TestFixtures.root)
            }
            #expect(error?.line == 30)
            #expect(error?.message.contains("'threshold' must be a number in") == true)
        }
    }
}
