import Foundation
import Testing
@testable import EvalKit

/// The generic keys every scorer entry takes (`only_tags`, `expected_var`, `negate`), applied by `ScopedScorer`.
@Suite("Scoped scorers: only_tags, expected_var, negate")
struct ScopedScorerTests {
    private func scorer(_ options: [String: JSONValue]) throws -> any Scorer {
        try ScorerRegistry.standard.makeScorer(scorerSpec(options), evalSetDirectory: TestFixtures.root)
    }

    private func input(_ output: String, expected: JSONValue = .string(""), vars: [String: JSONValue] = [:], tags: [String] = []) -> ScoringInput {
        ScoringInput(evalCase: EvalCase(id: "case", vars: vars, expected: expected, tags: tags), output: output)
    }

    /// A continuous scorer that returns the number in the output, on a chosen scale.
    private struct NumberScorer: Scorer {
        let name = "number"
        let threshold: Double
        let scoreScale: ScoreScale
        func score(_ input: ScoringInput) async throws -> Score {
            guard let value = Double(input.output) else { throw ScorerFailure("not a number: \(input.output)") }
            return Score(scorer: name, value: value, threshold: threshold, reason: "read \(input.output)")
        }
    }

    @Test("an entry without generic keys is not wrapped")
    func unwrapped() throws {
        #expect(try scorer(["type": .string("contains")]) is ContainsScorer)
        #expect(try scorer(["type": .string("contains"), "negate": .bool(false)]) is ContainsScorer)
    }

    // MARK: only_tags

    @Test("only_tags scores cases with at least one of the tags; other cases get no score at all")
    func onlyTags() async throws {
        let scorer = try scorer(["type": .string("contains"), "value": .string("hello"), "only_tags": .array([.string("greeting"), .string("intro")])])
        let tagged = try await scorer.scoreIfApplicable(input("hello there", tags: ["other", "intro"]))
        #expect(tagged?.passed == true)
        let untagged = try await scorer.scoreIfApplicable(input("goodbye", tags: ["farewell"]))
        #expect(untagged == nil, "out of scope: no score, neither pass nor fail")
        #expect(try await scorer.scoreIfApplicable(input("goodbye")) == nil)
    }

    @Test("only_tags may be one tag written as a string")
    func onlyTagsString() async throws {
        let scorer = try scorer(["type": .string("exact"), "only_tags": .string("capital")])
        #expect(try await scorer.scoreIfApplicable(input("Paris", expected: .string("Paris"), tags: ["capital"]))?.passed == true)
        #expect(try await scorer.scoreIfApplicable(input("Paris", expected: .string("Paris"), tags: ["capitals"])) == nil)
    }

    @Test("only_tags must be a tag or a non-empty list of tags")
    func onlyTagsProblems() {
        for value: JSONValue in [.array([]), .number(1), .array([.string("a"), .number(2)])] {
            let error = #expect(throws: InputProblem.self) { try scorer(["type": .string("exact"), "only_tags": value]) }
            #expect(error?.message == "scorer 'exact': 'only_tags' must be a tag or a non-empty list of tags", "\(value)")
        }
    }

    @Test("a corpus figure with only_tags is over the cases in scope only")
    func onlyTagsCorpus() throws {
        let scorer = try scorer(["type": .string("bleu"), "only_tags": .string("translate")])
        let corpus = try #require(scorer as? any CorpusScorer)
        let inputs = [
            input("the cat sat on the mat", expected: .string("the cat sat on the mat"), tags: ["translate"]),
            input("nothing alike here at all", expected: .string("the dog ran in the park"), tags: ["chat"]),
        ]
        let unscoped = try #require(try self.scorer(["type": .string("bleu")]) as? any CorpusScorer)
        #expect(corpus.corpusScore(inputs) == unscoped.corpusScore([inputs[0]]))
        #expect(corpus.corpusScore(inputs) > 99.99)
        #expect(unscoped.corpusScore(inputs) < 90, "over both cases the figure would be lower")
    }

    // MARK: expected_var

    @Test("expected_var compares with a case variable instead of expected")
    func expectedVariable() async throws {
        let scorer = try scorer(["type": .string("contains"), "expected_var": .string("must_mention")])
        let vars: [String: JSONValue] = ["must_mention": .string("refund")]
        #expect(try await scorer.score(input("We will refund you.", expected: .string("Sorry"), vars: vars)).passed)
        #expect(try await !scorer.score(input("Sorry!", expected: .string("Sorry"), vars: vars)).passed)
    }

    @Test("expected_var takes a list variable as a list of answers")
    func expectedVariableList() async throws {
        let scorer = try scorer(["type": .string("exact"), "expected_var": .string("accepted")])
        let vars: [String: JSONValue] = ["accepted": .array([.string("NYC"), .string("New York")])]
        #expect(try await scorer.score(input("NYC", vars: vars)).passed)
        #expect(try await !scorer.score(input("Boston", vars: vars)).passed)
    }

    @Test("a case without the variable is an error for that case, naming it")
    func expectedVariableMissing() async throws {
        let scorer = try scorer(["type": .string("exact"), "expected_var": .string("answer")])
        let error = await #expect(throws: ScorerFailure.self) { try await scorer.score(input("x")) }
        #expect(error?.message == "case 'case' has no variable 'answer' (the scorer's expected_var)")
    }

    @Test("expected_var must name a variable")
    func expectedVariableProblems() {
        for value: JSONValue in [.string(""), .number(3), .array([.string("a")])] {
            let error = #expect(throws: InputProblem.self) { try scorer(["type": .string("exact"), "expected_var": value]) }
            #expect(error?.message == "scorer 'exact': 'expected_var' must be the name of a case variable", "\(value)")
        }
    }

    // MARK: negate

    @Test("negate on a pass/fail scorer passes exactly when the inner one fails, with the value mirrored")
    func negatePassFail() async throws {
        let scorer = try scorer(["type": .string("contains"), "value": .string("As an AI"), "negate": .bool(true), "name": .string("no-disclaimer")])
        #expect(scorer.threshold == 1)
        let clean = try await scorer.score(input("Paris is the capital."))
        #expect(clean.passed)
        #expect(clean.value == 1)
        #expect(clean.scorer == "no-disclaimer")
        #expect(clean.reason == #"not: does not contain "As an AI""#)
        let disclaimer = try await scorer.score(input("As an AI, I think Paris."))
        #expect(!disclaimer.passed)
        #expect(disclaimer.value == 0)
        #expect(disclaimer.reason == #"not: contains "As an AI""#)
    }

    @Test("negate on a continuous 0…1 scorer mirrors value and threshold, and passes only strictly above")
    func negateContinuous() async throws {
        let scorer = try scorer(["type": .string("f1"), "threshold": .number(0.3), "negate": .bool(true)])
        #expect(abs(scorer.threshold - 0.7) < 1e-12)
        #expect(scorer.scoreScale == ScoreScale(kind: .continuous, range: 0...1))
        // Inner F1 1 (passes) → 0, fails.
        let same = try await scorer.score(input("red", expected: .string("red")))
        #expect(same.value == 0)
        #expect(!same.passed)
        // Inner F1 0 (fails) → 1, passes.
        let different = try await scorer.score(input("blue", expected: .string("red")))
        #expect(different.value == 1)
        #expect(different.passed)
        #expect(different.reason.hasPrefix("not: token F1 0"))
    }

    @Test("at the inner threshold exactly, the negated score fails: the inner one passed there")
    func negateAtThreshold() async throws {
        let inner = NumberScorer(threshold: 0.5, scoreScale: ScoreScale(kind: .continuous, range: 0...1))
        let negated = ScopedScorer(inner, scope: try ScorerScope(spec: scorerSpec(["type": .string("number"), "negate": .bool(true)])))
        #expect(try await inner.score(input("0.5")).passed)
        let atThreshold = try await negated.score(input("0.5"))
        #expect(atThreshold.value == 0.5)
        #expect(!atThreshold.passed)
        #expect(try await negated.score(input("0.49")).passed)
        #expect(try await !negated.score(input("0.51")).passed)
    }

    @Test("negate mirrors on the scorer's own scale, such as a judge's 1…5")
    func negateOnScale() async throws {
        let inner = NumberScorer(threshold: 4, scoreScale: ScoreScale(kind: .continuous, range: 1...5))
        let negated = ScopedScorer(inner, scope: try ScorerScope(spec: scorerSpec(["type": .string("number"), "negate": .bool(true)])))
        #expect(negated.threshold == 2)
        let low = try await negated.score(input("1"))
        #expect(low.value == 5)
        #expect(low.threshold == 2)
        #expect(low.passed)
        #expect(try await !negated.score(input("4")).passed)
        #expect(try await !negated.score(input("5")).passed)
        #expect(try await negated.score(input("3")).passed)
    }

    @Test("negate never turns an error into a pass")
    func negateKeepsErrors() async throws {
        let inner = NumberScorer(threshold: 0.5, scoreScale: ScoreScale(kind: .continuous, range: 0...1))
        let negated = ScopedScorer(inner, scope: try ScorerScope(spec: scorerSpec(["type": .string("number"), "negate": .bool(true)])))
        await #expect(throws: ScorerFailure.self) { try await negated.score(input("not a number")) }
    }

    @Test("negate must be true or false")
    func negateProblems() {
        let error = #expect(throws: InputProblem.self) { try scorer(["type": .string("exact"), "negate": .string("yes")]) }
        #expect(error?.message == "scorer 'exact': 'negate' must be true or false")
    }

    @Test("negate: true is refused on every red line, naming it; negate: false is allowed")
    func negateRedLine() throws {
        let types: [(String, [String: JSONValue])] = [
            ("red_line_pattern", ["keywords": .string("secret")]), ("red_line_pii", [:]), ("red_line_refusal", [:]),
        ]
        for (type, options) in types {
            let entry = options.merging(["type": .string(type), "name": .string("guard"), "negate": .bool(true)]) { $1 }
            let error = #expect(throws: InputProblem.self) { try scorer(entry) }
            #expect(error?.message.hasPrefix("scorer '\(type)': a red line ('guard') is a hard fail") == true, "\(type): \(String(describing: error))")
            #expect(error?.message.contains("'negate: true'") == true)
            #expect(error?.line == 12)
            let allowed = try scorer(options.merging(["type": .string(type), "negate": .bool(false)]) { $1 })
            #expect(allowed.threshold == 1, "\(type)")
        }
    }

    @Test("the three keys combine: only cases in scope, against the variable, negated")
    func combined() async throws {
        let scorer = try scorer([
            "type": .string("contains"), "only_tags": .string("safety"), "expected_var": .string("forbidden"), "negate": .bool(true),
        ])
        let vars: [String: JSONValue] = ["forbidden": .string("password")]
        #expect(try await scorer.scoreIfApplicable(input("the password is hunter2", vars: vars, tags: ["safety"]))?.passed == false)
        #expect(try await scorer.scoreIfApplicable(input("I cannot share that", vars: vars, tags: ["safety"]))?.passed == true)
        #expect(try await scorer.scoreIfApplicable(input("the password is hunter2", vars: vars, tags: ["chat"])) == nil)
    }
}
