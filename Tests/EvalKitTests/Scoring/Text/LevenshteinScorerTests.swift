import Testing
@testable import EvalKit

@Suite("Levenshtein scorer")
struct LevenshteinScorerTests {
    private func scorer(_ options: [String: JSONValue]) throws -> any Scorer {
        try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string("levenshtein")].merging(options) { $1 }),
                                               evalSetDirectory: TestFixtures.root)
    }

    private func problem(_ options: [String: JSONValue]) -> InputProblem? {
        #expect(throws: InputProblem.self) { try scorer(options) }
    }

    @Test("the score is 1 − distance / longer length, and passes at the default threshold 0.8")
    func similarity() async throws {
        let scorer = LevenshteinScorer()
        #expect(scorer.threshold == 0.8)
        #expect(scorer.scoreScale == ScoreScale(kind: .continuous, range: 0...1))
        let close = try await scorer.score("Pariss", expected: .string("Paris"))
        #expect(close.value == 1 - 1.0 / 6)
        #expect(close.passed)
        #expect(close.reason == #"similarity 0.8333 (1 edit from "Paris")"#)
        let far = try await scorer.score("kitten", expected: .string("sitting"))
        #expect(far.value == 1 - 3.0 / 7)
        #expect(!far.passed)
        #expect(far.reason == #"similarity 0.5714 (3 edits from "sitting")"#)
    }

    @Test("identical texts score 1, two empty texts included; nothing in common scores 0")
    func extremes() async throws {
        #expect(try await LevenshteinScorer().score("Paris", expected: .string("Paris")).value == 1)
        #expect(try await LevenshteinScorer().score("", expected: .string("")).value == 1)
        #expect(try await LevenshteinScorer().score("abc", expected: .string("xyz")).value == 0)
        #expect(try await LevenshteinScorer().score("", expected: .string("abc")).value == 0)
    }

    @Test("with several answers the closest one counts")
    func closestAnswer() async throws {
        let score = try await LevenshteinScorer().score("Amsterdan", expected: .array([.string("Rotterdam"), .string("Amsterdam")]))
        #expect(score.value == 1 - 1.0 / 9)
        #expect(score.reason.hasSuffix(#"(1 edit from "Amsterdam")"#))
    }

    @Test("a threshold from the entry replaces 0.8, and value replaces the expected answer")
    func options() async throws {
        let strict = try scorer(["threshold": .number(0.9)])
        #expect(try await !strict.score("Pariss", expected: .string("Paris")).passed)
        let fixed = try scorer(["value": .string("Bonjour")])
        #expect(try await fixed.score("Bonjour!", expected: .string("Hello")).passed)
    }

    @Test("normalization applies before measuring")
    func normalization() async throws {
        #expect(try await LevenshteinScorer().score("PARIS", expected: .string("paris")).value == 0)
        #expect(try await LevenshteinScorer(normalization: [.casefold]).score("PARIS", expected: .string("paris")).value == 1)
    }

    @Test("distance is counted in Unicode scalars")
    func scalars() async throws {
        // é precomposed against e + U+0301: one substitution and one insertion over 2 scalars.
        #expect(try await LevenshteinScorer().score("\u{E9}", expected: .string("e\u{301}")).value == 0)
    }

    @Test("max_distance makes it pass/fail by edits, with the distance in the reason")
    func maxDistance() async throws {
        let scorer = try scorer(["max_distance": .number(2)])
        #expect(scorer.scoreScale == .passFail)
        #expect(scorer.threshold == 1)
        let within = try await scorer.score("Amsterdan", expected: .string("Amsterdam"))
        #expect(within.value == 1)
        #expect(within.reason == #"1 edit from "Amsterdam" (at most 2)"#)
        let beyond = try await scorer.score("Rotterdam", expected: .string("Amsterdam"))
        #expect(beyond.value == 0)
        #expect(beyond.reason == #"more than 2 edits from "Amsterdam""#)
        let zero = try self.scorer(["max_distance": .number(0)])
        #expect(try await zero.score("same", expected: .string("same")).passed)
        #expect(try await !zero.score("same!", expected: .string("same")).passed)
    }

    @Test("max_distance must be a whole number ≥ 0 and cannot be combined with threshold")
    func maxDistanceProblems() {
        #expect(problem(["max_distance": .number(-1)])?.message == "scorer 'levenshtein': 'max_distance' must be a whole number ≥ 0")
        #expect(problem(["max_distance": .number(1.5)])?.message == "scorer 'levenshtein': 'max_distance' must be a whole number ≥ 0")
        #expect(problem(["max_distance": .string("2")])?.message == "scorer 'levenshtein': 'max_distance' must be a whole number ≥ 0")
        #expect(problem(["max_distance": .number(2), "threshold": .number(0.5)])?.message.contains("not both") == true)
        #expect(problem(["threshold": .number(1.5)])?.message == "scorer 'levenshtein': 'threshold' must be a number in 0.0…1.0")
    }

    @Test("texts too long to compare without max_distance are an error for the case, and fine with it")
    func largeInputs() async throws {
        var random = SeededRandom(seed: 3)
        let output = String((0..<15_000).map { _ in Character(["a", "b", "c"][random.index(below: 3)]) })
        let expected = String((0..<15_000).map { _ in Character(["a", "b", "c"][random.index(below: 3)]) })
        let error = await #expect(throws: ScorerFailure.self) {
            try await LevenshteinScorer().score("<" + output + ">", expected: .string("(" + expected + ")"))
        }
        #expect(error?.message == "output (15002 characters) and expected (15002) are too long to compare by edit distance; set 'max_distance'")
        let bounded = try await scorer(["max_distance": .number(10)]).score("<" + output + ">", expected: .string("(" + expected + ")"))
        #expect(!bounded.passed)
        #expect(bounded.reason.hasPrefix("more than 10 edits"))
    }
}
