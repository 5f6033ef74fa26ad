import Testing
@testable import EvalKit

@Suite("BLEU scorer")
struct BLEUScorerTests {
    private let output = "the cat sat on a mat"

    @Test("the score is sentence BLEU 0–100 against expected, and the reason shows it with two decimals")
    func scoresAgainstExpected() async throws {
        let score = try await BLEUScorer().score(output, expected: .string("the cat is on the mat"))
        #expect(abs(score.value - 19.304869754804482) < 1e-9)
        #expect(score.reason == "BLEU = 19.30 66.7/20.0/12.5/8.3 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)")
        #expect(score.scorer == "bleu")
    }

    @Test("a list of expected answers gives several references")
    func listOfReferences() async throws {
        let scorer = BLEUScorer()
        let score = try await scorer.score("the the the the", expected: .array([.string("the cat"), .string("the the cat")]))
        #expect(abs(score.value - 31.947155212313625) < 1e-9)
    }

    @Test("the default threshold 0 passes every case; a threshold gates on BLEU")
    func threshold() async throws {
        #expect(try await BLEUScorer().score("unrelated words", expected: .string("the cat")).passed)
        let gated = try BLEUScorer(spec: scorerSpec(["type": .string("bleu"), "threshold": .number(30)]))
        #expect(gated.threshold == 30)
        #expect(try await !gated.score(output, expected: .string("the cat is on the mat")).passed)
        #expect(try await gated.score("the cat is on the mat", expected: .string("the cat is on the mat")).passed)
    }

    @Test("tokenize, smooth_method, smooth_value, lowercase and name are read from the entry")
    func optionsFromSpec() throws {
        let scorer = try BLEUScorer(spec: scorerSpec([
            "type": .string("bleu"), "references": .string("expected"), "tokenize": .string("intl"),
            "smooth_method": .string("floor"), "smooth_value": .number(0.3), "lowercase": .bool(true), "name": .string("bleu-intl"),
        ]))
        #expect(scorer.name == "bleu-intl")
        #expect(scorer.bleu == BLEU(tokenizer: .intl, smoothing: .floor(0.3), lowercase: true))
        #expect(try BLEUScorer(spec: scorerSpec(["type": .string("bleu"), "smooth_method": .string("add-k")])).bleu.smoothing == .addK(1))
        #expect(try BLEUScorer(spec: scorerSpec(["type": .string("bleu"), "tokenize": .string("none")])).bleu.tokenizer == .none)
    }

    @Test("a bad option is rejected with the entry's file and line", arguments: [
        (["foo": JSONValue.number(1)], "unknown option 'foo'"),
        (["references": .string("input")], "'references' must be 'expected'"),
        (["tokenize": .string("moses")], "'tokenize' must be one of 13a, intl, char, none, not 'moses'"),
        (["smooth_method": .string("laplace")], "'smooth_method' must be one of none, floor, add-k, exp, not 'laplace'"),
        (["smooth_value": .number(0.2)], "'smooth_value' applies only to smooth_method floor or add-k, not 'exp'"),
        (["smooth_method": .string("floor"), "smooth_value": .number(-1)], "'smooth_value' must be a number ≥ 0"),
        (["smooth_method": .string("floor"), "smooth_value": .string("x")], "'smooth_value' must be a number ≥ 0"),
        (["threshold": .number(150)], "'threshold' must be a number in 0.0…100.0"),
        (["lowercase": .string("yes")], "'lowercase' must be true or false"),
    ])
    func rejectsBadOptions(_ options: [String: JSONValue], message: String) {
        let error = #expect(throws: InputProblem.self) {
            try BLEUScorer(spec: scorerSpec(options.merging(["type": .string("bleu")]) { current, _ in current }, line: 21))
        }
        #expect(error?.file == "sets/demo/evalset.yaml")
        #expect(error?.line == 21)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test("the corpus score is corpus BLEU over every output against its own case's references")
    func corpusScore() {
        let inputs = [
            ScoringInput(evalCase: EvalCase(id: "1", vars: [:], expected: .string("The cat is on the mat.")), output: "The cat sat on the mat."),
            ScoringInput(evalCase: EvalCase(id: "2", vars: [:], expected: .array([.string("Hello world 3.5 !"), .string("Hello, world!")])),
                         output: "Hello, world 3.5!"),
        ]
        let expected = BLEU().corpusScore(hypotheses: inputs.map(\.output),
                                          referencesBySegment: [["The cat is on the mat."], ["Hello world 3.5 !", "Hello, world!"]])
        #expect(BLEUScorer().corpusScore(inputs) == expected.score)
        #expect(BLEUScorer().corpusScore(inputs) > 0)
    }
}
