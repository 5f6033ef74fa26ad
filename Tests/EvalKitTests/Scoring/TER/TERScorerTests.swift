import Testing
@testable import EvalKit

@Suite("ter scorer")
struct TERScorerTests {
    @Test("the value is max(0, 1 − TER/100): 1 for a perfect match, 0 at TER 100 or more; the raw TER is in reason and details")
    func valueConvention() async throws {
        let scorer = TERScorer()
        let perfect = try await scorer.score("The cat sat", expected: .string("the cat sat"))
        #expect(perfect.value == 1)
        let partial = try await scorer.score("the cat", expected: .array([.string("the cat sat"), .string("a cat")]))
        #expect(partial.value == 1 - 40.0 / 100)
        #expect(partial.reason == "TER = 40.00 (1 edit, reference length 2.5)")
        #expect(partial.details?["ter"]?.doubleValue == 40)
        #expect(partial.details?["num_edits"]?.doubleValue == 1)
        #expect(partial.details?["ref_length"]?.doubleValue == 2.5)
        let worse = try await scorer.score("a b c d e f", expected: .string("x"))
        #expect(worse.details?["ter"]?.doubleValue == 600)
        #expect(worse.value == 0)
        #expect(worse.reason == "TER = 600.00 (6 edits, reference length 1)")
        #expect(scorer.scoreScale == ScoreScale(kind: .continuous, range: 0...1))
    }

    @Test("threshold 0.6 passes a case at TER 40 and fails one at TER 50; the default 0 passes everything")
    func threshold() async throws {
        let gated = try TERScorer(spec: scorerSpec(["type": .string("ter"), "threshold": .number(0.6)]))
        #expect(try await gated.score("the cat", expected: .array([.string("the cat sat"), .string("a cat")])).passed)
        #expect(try await !gated.score("the dog", expected: .string("the cat")).passed)
        #expect(try await TERScorer().score("a b c d e f", expected: .string("x")).passed)
    }

    @Test("every option is read from the entry")
    func optionsFromSpec() throws {
        let scorer = try TERScorer(spec: scorerSpec([
            "type": .string("ter"), "references": .string("expected"), "normalized": .bool(true), "no_punct": .bool(true),
            "asian_support": .bool(true), "case_sensitive": .bool(true), "name": .string("ter-strict"),
        ]))
        #expect(scorer.name == "ter-strict")
        #expect(scorer.ter == TER(normalized: true, noPunct: true, asianSupport: true, caseSensitive: true))
        #expect(try TERScorer(spec: scorerSpec(["type": .string("ter")])).ter == TER())
    }

    @Test("a bad option is rejected with the entry's file and line", arguments: [
        (["foo": JSONValue.number(1)], "unknown option 'foo'"),
        (["references": .string("input")], "'references' must be 'expected'"),
        (["normalized": .string("yes")], "'normalized' must be true or false"),
        (["threshold": .number(40)], "'threshold' must be a number in 0.0…1.0"),
    ])
    func rejectsBadOptions(_ options: [String: JSONValue], message: String) {
        let error = #expect(throws: InputProblem.self) {
            try TERScorer(spec: scorerSpec(options.merging(["type": .string("ter")]) { current, _ in current }, line: 21))
        }
        #expect(error?.line == 21)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test("an output over the word cap is an error naming the cap, and is left out of the corpus figure")
    func wordCap() async throws {
        let long = Array(repeating: "w", count: TERScorer.maximumWords + 1).joined(separator: " ")
        let error = await #expect(throws: ScorerFailure.self) {
            try await TERScorer().score(long, expected: .string("the cat"))
        }
        #expect(error?.message.contains("\(TERScorer.maximumWords + 1) words") == true)
        let longReference = await #expect(throws: ScorerFailure.self) {
            try await TERScorer().score("the cat", expected: .string(long))
        }
        #expect(longReference?.message.contains("expected answer") == true)
        let inputs = [
            ScoringInput(evalCase: EvalCase(id: "1", vars: [:], expected: .string("the cat sat")), output: "the cat"),
            ScoringInput(evalCase: EvalCase(id: "2", vars: [:], expected: .string("the cat")), output: long),
        ]
        #expect(TERScorer().corpusScore(inputs) == TER().sentenceScore(hypothesis: "the cat", references: ["the cat sat"]).score)
    }

    @Test("the corpus figure is corpus TER in percent over every output against its own case's references")
    func corpusScore() {
        let inputs = [
            ScoringInput(evalCase: EvalCase(id: "1", vars: [:], expected: .string("the cat is on the mat")), output: "the cat sat on the mat"),
            ScoringInput(evalCase: EvalCase(id: "2", vars: [:], expected: .string("x y")), output: ""),
            ScoringInput(evalCase: EvalCase(id: "3", vars: [:], expected: .array([.string("hello there")])), output: "hello there"),
        ]
        #expect(TERScorer().corpusScore(inputs) == 30)
    }
}
