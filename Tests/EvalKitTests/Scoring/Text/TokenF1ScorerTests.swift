import Testing
@testable import EvalKit

@Suite("Token F1 scorer")
struct TokenF1ScorerTests {
    @Test("F1 is 2PR/(P+R) over shared tokens after SQuAD normalization")
    func value() async throws {
        // prediction: [eiffel, tower, paris] (article dropped); reference: [eiffel, tower]; P = 2/3, R = 1.
        let score = try await TokenF1Scorer().score("The Eiffel Tower, Paris", expected: .string("eiffel tower"))
        #expect(score.value == 0.8)
        #expect(score.passed)
        #expect(score.reason == #"token F1 0.8 against "eiffel tower""#)
    }

    @Test("the default threshold is 0.5: a lower F1 fails, exactly 0.5 passes")
    func defaultThreshold() async throws {
        let scorer = TokenF1Scorer()
        #expect(scorer.threshold == 0.5)
        // P = 1/3, R = 1/1: F1 = 0.5.
        let half = try await scorer.score("red green blue", expected: .string("red"))
        #expect(half.value == 0.5)
        #expect(half.passed)
        // P = 1/4, R = 1: F1 = 0.4.
        #expect(try await !scorer.score("red green blue cyan", expected: .string("red")).passed)
    }

    @Test("repeated tokens count as often as both sides have them")
    func multiset() async throws {
        // prediction [a1, a1, a1] vs reference [a1]: one shared, P = 1/3, R = 1.
        #expect(try await TokenF1Scorer().score("x x x", expected: .string("x")).value == 0.5)
        #expect(try await TokenF1Scorer().score("x x", expected: .string("x x")).value == 1)
    }

    @Test("no shared token scores 0, two empty texts included, as OpenAI Evals' f1_score does")
    func noSharedToken() async throws {
        #expect(try await TokenF1Scorer().score("Lyon", expected: .string("Paris")).value == 0)
        #expect(try await TokenF1Scorer().score("", expected: .string("")).value == 0)
        #expect(try await TokenF1Scorer().score("the", expected: .string("a")).value == 0)
    }

    @Test("with a list of expected answers the best F1 counts and the reason names that answer")
    func bestOfList() async throws {
        let score = try await TokenF1Scorer().score("New York City", expected: .array([.string("Boston"), .string("New York"), .string("York")]))
        #expect(score.value == 0.8)
        #expect(score.reason == #"token F1 0.8 against "New York""#)
    }

    @Test("tokens compare by code point: precomposed é and e with a combining accent are different tokens")
    func codePointTokens() async throws {
        #expect(try await TokenF1Scorer().score("caf\u{E9}", expected: .string("cafe\u{301}")).value == 0)
        #expect(try await TokenF1Scorer().score("caf\u{E9}", expected: .string("CAF\u{C9}")).value == 1)
    }

    @Test("a token that starts with a combining mark after a space stays its own token")
    func combiningMarkStartsToken() {
        // Swift's Character split would glue " \u{301}" into one grapheme and see a single token.
        #expect(TokenF1Scorer.tokens("x \u{301}y").map(Array.init) == [["x"], ["\u{301}", "y"]])
    }

    @Test("threshold comes from the entry and f1 has no options of its own")
    func spec() throws {
        let scorer = try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string("f1"), "threshold": .number(0.25)]),
                                                            evalSetDirectory: TestFixtures.root)
        #expect(scorer.threshold == 0.25)
        #expect(scorer.scoreScale == ScoreScale(kind: .continuous, range: 0...1))
        let error = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string("f1"), "normalize": .array([.string("trim")])]),
                                                   evalSetDirectory: TestFixtures.root)
        }
        #expect(error?.message.hasPrefix("scorer 'f1': unknown option 'normalize'") == true)
    }
}
