import Foundation
import Testing
@testable import EvalKit

@Suite("Flag rules")
struct FlagRuleTests {
    /// An eval set directory whose evalset.yaml ends with `flag` (the block's lines start at line 10).
    static func evalSet(flag: String, in directory: TemporaryDirectory) throws -> String {
        try directory.write("set/prompts/ask.yaml", "user: \"{{q}}\"\n")
        try directory.write("set/cases.jsonl", """
            {"id": "a", "vars": {"q": "Capital of France?"}, "expected": "Paris"}
            {"id": "b", "vars": {"q": "Say no"}, "expected": "I can't help with that."}

            """)
        try directory.write("set/evalset.yaml", """
            name: flagged
            version: 1
            prompts: {ask: prompts/ask.yaml}
            default_prompt: ask
            cases: cases.jsonl
            scorers:
              - {type: exact}
              - {type: contains, name: mentions}
            flag:
            \(flag)
            """)
        return directory.path("set")
    }

    func problems(_ flag: String) throws -> [String] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.evalSet(flag: flag, in: directory)
        return EvalSetLoader.standard.lint(path).map { "\($0.line ?? 0): \($0.message)" }
    }

    @Test("every rule kind is read, in order, with its line")
    func reads() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.evalSet(flag: """
              - {scorer: exact, when: failed}
              - {scorer: mentions, when: "score <= 0.5"}
              - refusal: true
              - output_longer_than: 4000
              - output_longer_than: 3x expected
            """, in: directory)
        let evalSet = try EvalSetLoader.standard.load(path)
        #expect(evalSet.flagRules.map(\.condition) == [
            .scorer("exact", .failed), .scorer("mentions", .compare(field: "score", .lessOrEqual, 0.5)), .refusal,
            .outputLongerThan(.characters(4000)), .outputLongerThan(.timesExpected(3)),
        ])
        #expect(evalSet.flagRules.map(\.line) == [10, 11, 12, 13, 14])
    }

    @Test("flag rules leave the content hash alone: they never change a score")
    func hashUnchanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let with = try EvalSetLoader.standard.load(try Self.evalSet(flag: "  - refusal: true", in: directory))
        let without = try EvalSetLoader.standard.load(try Self.evalSet(flag: "  []", in: directory))
        #expect(with.contentHash == without.contentHash)
        #expect(without.flagRules.isEmpty)
    }

    @Test("unknown keys, scorers, fields and bad values are problems at their line, with did-you-mean")
    func problems() throws {
        #expect(try problems("  - {scorer: exact, whn: failed}") == ["10: flag rule: unknown key 'whn' (did you mean 'when'?)"])
        #expect(try problems("  - {scorer: exat, when: failed}") == ["10: flag rule: unknown scorer 'exat' (did you mean 'exact'?)"])
        #expect(try problems("  - {scorer: exact, when: faild}")
            == ["10: flag rule: 'when: faild' is not failed, passed, errored or a condition such as 'score < 3' (did you mean 'failed'?)"])
        #expect(try problems("  - {scorer: exact, when: scre < 1}") == ["10: flag rule: 'when: scre < 1': unknown field 'scre' (did you mean 'score'?)"])
        #expect(try problems("  - {scorer: exact, when: spread > 1}")
            == ["10: flag rule: 'when: spread > 1': only a judge scorer records 'spread' ('exact' is exact)"])
        #expect(try problems("  - {scorer: exact, when: score < high}") == ["10: flag rule: 'when: score < high': 'high' is not a number"])
        #expect(try problems("  - {refusal: true, judge_error: true}")
            == ["10: flag rule: one rule per item: found refusal and judge_error; write each as its own '- …' item"])
        #expect(try problems("  - refusal: false") == ["10: flag rule: 'refusal' must be true (leave the rule out to turn it off)"])
        #expect(try problems("  - judge_error: true") == ["10: flag rule: 'judge_error' needs a judge scorer, and this eval set has none"])
        #expect(try problems("  - output_longer_than: lots").first?.hasPrefix("10: flag rule: 'output_longer_than' must be a number") == true)
        #expect(try problems("  - refusl: true") == ["10: flag rule: unknown key 'refusl' (did you mean 'refusal'?)"])
    }

    @Test("reasons: scorer conditions, refusal (not when expected), output length; nothing fires on a clean pass")
    func reasons() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EvalSetLoader.standard.load(try Self.evalSet(flag: """
              - {scorer: exact, when: failed}
              - {scorer: mentions, when: errored}
              - refusal: true
              - output_longer_than: 2x expected
            """, in: directory))
        let (paris, refusing) = (evalSet.cases[0], evalSet.cases[1])
        let pass = Score(scorer: "exact", value: 1, threshold: 1, reason: "")
        let fail = Score(scorer: "exact", value: 0, threshold: 1, reason: "")
        #expect(CaseFlags.reasons(evalSet, evalCase: paris, output: "Paris", scores: [pass], error: nil) == [])
        #expect(CaseFlags.reasons(evalSet, evalCase: paris, output: "I'm sorry, but I cannot say which city it is.", scores: [fail], error: nil) == [
            "exact failed (score 0, threshold 1)", "refusal: \"I'm sorry, but I cannot say which city i…\"",
            "output 45 chars > 2× expected (5 chars)",
        ])
        // The case expects a refusal: refusing is not flagged.
        #expect(CaseFlags.reasons(evalSet, evalCase: refusing, output: "I can't help with that.", scores: [pass], error: nil) == [])
        let error = CaseError(kind: .scorer, message: "scorer 'mentions' could not score", scorer: "mentions")
        #expect(CaseFlags.reasons(evalSet, evalCase: paris, output: "Paris", scores: [pass], error: error) == ["mentions errored"])
    }

    @Test("judge spread and judge errors")
    func judgeRules() {
        let spec = ScorerSpec(type: "judge", options: ["type": .string("judge"), "name": .string("quality")])
        let evalSet = EvalSet(
            name: "j", version: "1", description: "", directory: URL(fileURLWithPath: "/tmp"), prompts: [], defaultPromptID: "p",
            cases: [], scorerSpecs: [spec], minPassRate: 1,
            flagRules: [FlagRule(.scorer("quality", .compare(field: "spread", .greater, 1))), FlagRule(.judgeError)])
        let evalCase = EvalCase(id: "c", vars: [:], expected: .string("x"))
        let spread = Score(scorer: "quality", value: 4, threshold: 3, reason: "", details: .object(["spread": .number(2)]))
        #expect(CaseFlags.reasons(evalSet, evalCase: evalCase, output: "x", scores: [spread], error: nil) == ["quality spread 2 > 1"])
        let narrow = Score(scorer: "quality", value: 4, threshold: 3, reason: "", details: .object(["spread": .number(1)]))
        #expect(CaseFlags.reasons(evalSet, evalCase: evalCase, output: "x", scores: [narrow], error: nil) == [])
        let error = CaseError(kind: .scorer, message: "", scorer: "quality")
        #expect(CaseFlags.reasons(evalSet, evalCase: evalCase, output: "x", scores: [], error: error) == ["judge error: quality could not score"])
    }
}
