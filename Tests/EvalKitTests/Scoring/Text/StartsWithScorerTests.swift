import Testing
@testable import EvalKit

@Suite("Starts-with scorer")
struct StartsWithScorerTests {
    private func scorer(_ options: [String: JSONValue]) throws -> any Scorer {
        try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string("starts_with")].merging(options) { $1 }),
                                               evalSetDirectory: TestFixtures.root)
    }

    @Test("passes when the output begins with the expected answer, not when it only contains it")
    func prefixOnly() async throws {
        let scorer = StartsWithScorer()
        let hit = try await scorer.score("Paris, of course.", expected: .string("Paris"))
        #expect(hit.value == 1)
        #expect(hit.reason == #"starts with "Paris""#)
        let miss = try await scorer.score("It is Paris.", expected: .string("Paris"))
        #expect(miss.value == 0)
        #expect(miss.reason == #"does not start with "Paris""#)
    }

    @Test("with a list of expected answers any one prefix is enough, and the reason counts them on a miss")
    func listExpected() async throws {
        let expected: JSONValue = .array([.string("B"), .string("(B)")])
        #expect(try await StartsWithScorer().score("(B) because…", expected: expected).passed)
        let miss = try await StartsWithScorer().score("A", expected: expected)
        #expect(!miss.passed)
        #expect(miss.reason == #"does not start with any of 2 answers, e.g. "B""#)
    }

    @Test("a fixed value from the scorer entry replaces the expected answer, as a string or a list")
    func fixedValue() async throws {
        let one = try scorer(["value": .string("Answer:")])
        #expect(try await one.score("Answer: 4", expected: .string("4")).passed)
        #expect(try await !one.score("4", expected: .string("4")).passed)
        let several = try scorer(["value": .array([.string("Yes"), .string("No")])])
        #expect(try await several.score("No, never", expected: .string("Maybe")).passed)
        #expect(try await !several.score("Maybe", expected: .string("Maybe")).passed)
    }

    @Test("normalization applies to both sides before comparing")
    func normalization() async throws {
        let plain = try scorer([:])
        #expect(try await !plain.score("  the Answer: yes", expected: .string("answer")).passed)
        let squad = try scorer(["normalize": .array([.string("squad")])])
        #expect(try await squad.score("  the Answer: yes", expected: .string("answer")).passed)
        let trimmed = try scorer(["normalize": .array([.string("trim"), .string("casefold")])])
        #expect(try await trimmed.score("\n  YES, it is", expected: .string("yes")).passed)
    }

    @Test("prefixes compare by code point, as Python's str.startswith does")
    func codePoints() async throws {
        // "e" is a prefix of "e\u{301}" in Python; precomposed "é" is not.
        #expect(try await StartsWithScorer().score("e\u{301}t\u{E9}", expected: .string("e")).passed)
        #expect(try await !StartsWithScorer().score("e\u{301}t\u{E9}", expected: .string("\u{E9}")).passed)
    }

    @Test("an empty expected answer is a prefix of every output")
    func emptyPrefix() async throws {
        #expect(try await StartsWithScorer().score("anything", expected: .string("")).passed)
    }

    @Test("an empty value list and value beside expected_var are problems at the entry")
    func valueProblems() {
        let empty = #expect(throws: InputProblem.self) { try scorer(["value": .array([])]) }
        #expect(empty?.message == "scorer 'starts_with': 'value' must name at least one string")
        #expect(empty?.line == 12)
        let both = #expect(throws: InputProblem.self) { try scorer(["value": .string("A"), "expected_var": .string("answer")]) }
        #expect(both?.message.contains("'expected_var' would be ignored") == true)
    }
}
