import Testing
@testable import EvalKit

@Suite("chrf scorer")
struct ChrFScorerTests {
    @Test("the value is sentence chrF / 100 against expected; the reason and details keep chrF itself")
    func scoresAgainstExpected() async throws {
        let score = try await ChrFScorer().score("The cat sat on the mat.", expected: .string("The cat is on the mat."))
        #expect(score.value == 67.17273492330233 / 100)
        #expect(score.reason == "chrF2 = 67.17")
        #expect(score.details?["chrf"]?.doubleValue == 67.17273492330233)
        #expect(score.scorer == "chrf")
        #expect(ChrFScorer().scoreScale == ScoreScale(kind: .continuous, range: 0...1))
    }

    @Test("a list of expected answers gives several references, the best one counting")
    func listOfReferences() async throws {
        let score = try await ChrFScorer().score("the the the", expected: .array([.string("the cat"), .string("the the cat")]))
        #expect(score.value == 52.070105820105816 / 100)
    }

    @Test("the default threshold 0 passes every case; a threshold gates on chrF / 100")
    func threshold() async throws {
        #expect(try await ChrFScorer().score("zzz", expected: .string("the cat")).passed)
        let gated = try ChrFScorer(spec: scorerSpec(["type": .string("chrf"), "threshold": .number(0.65)]))
        #expect(try await gated.score("The cat sat on the mat.", expected: .string("The cat is on the mat.")).passed)
        #expect(try await !gated.score("ab", expected: .string("abc")).passed)
    }

    @Test("every option is read from the entry")
    func optionsFromSpec() throws {
        let scorer = try ChrFScorer(spec: scorerSpec([
            "type": .string("chrf"), "references": .string("expected"), "char_order": .number(4), "word_order": .number(2),
            "beta": .number(3), "lowercase": .bool(true), "whitespace": .bool(true), "eps_smoothing": .bool(true), "name": .string("chrf++"),
        ]))
        #expect(scorer.name == "chrf++")
        #expect(scorer.chrF == ChrF(charOrder: 4, wordOrder: 2, beta: 3, lowercase: true, whitespace: true, epsSmoothing: true))
        #expect(try ChrFScorer(spec: scorerSpec(["type": .string("chrf")])).chrF == ChrF())
    }

    @Test("a bad option is rejected with the entry's file and line", arguments: [
        (["foo": JSONValue.number(1)], "unknown option 'foo'"),
        (["references": .string("input")], "'references' must be 'expected'"),
        (["char_order": .number(2.5)], "'char_order' must be a whole number in 0…32"),
        (["word_order": .number(-1)], "'word_order' must be a whole number in 0…32"),
        (["char_order": .number(0), "word_order": .number(0)], "'char_order' and 'word_order' cannot both be 0"),
        (["beta": .string("2")], "'beta' must be a whole number in 0…1000"),
        (["threshold": .number(50)], "'threshold' must be a number in 0.0…1.0"),
        (["eps_smoothing": .string("yes")], "'eps_smoothing' must be true or false"),
    ])
    func rejectsBadOptions(_ options: [String: JSONValue], message: String) {
        let error = #expect(throws: InputProblem.self) {
            try ChrFScorer(spec: scorerSpec(options.merging(["type": .string("chrf")]) { current, _ in current }, line: 21))
        }
        #expect(error?.line == 21)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test("the corpus figure is corpus chrF (0–100) over every output against its own case's references")
    func corpusScore() {
        let inputs = [
            ScoringInput(evalCase: EvalCase(id: "1", vars: [:], expected: .string("the cat is on the mat")), output: "the cat sat on the mat"),
            ScoringInput(evalCase: EvalCase(id: "2", vars: [:], expected: .string("x y")), output: ""),
            ScoringInput(evalCase: EvalCase(id: "3", vars: [:], expected: .array([.string("hello there")])), output: "hello there"),
        ]
        #expect(ChrFScorer().corpusScore(inputs) == 75.14198763156247)
    }
}
