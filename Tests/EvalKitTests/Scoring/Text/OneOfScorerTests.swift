import Testing
@testable import EvalKit

@Suite("One-of scorer")
struct OneOfScorerTests {
    static func make(_ options: [String: JSONValue]) throws -> any Scorer {
        try ScorerRegistry.standard.makeScorer(scorerSpec(options.merging(["type": .string("one_of")]) { own, _ in own }), evalSetDirectory: TestFixtures.root)
    }

    @Test("passes when the output is one of the expected answers, and names the one it is")
    func expectedList() async throws {
        let scorer = try Self.make(["normalize": .array([.string("trim"), .string("casefold")])])
        let expected = JSONValue.array([.string("Paris"), .string("Paris, France")])
        let hit = try await scorer.score(" paris, france\n", expected: expected)
        #expect(hit.passed && hit.reason == #"is "Paris, France""#)
        let miss = try await scorer.score("Lyon", expected: expected)
        #expect(!miss.passed && miss.reason == #"got "Lyon", not one of "Paris", "Paris, France""#)
        #expect(try await scorer.score("PARIS", expected: .string("paris")).passed, "a single answer is a list of one")
        #expect(try await !scorer.score("Paris is nice", expected: expected).passed, "the whole output, not a part")
    }

    @Test("a fixed label set from value; a long list is shortened in the reason")
    func fixedLabels() async throws {
        let scorer = try Self.make(["value": .array(["positive", "negative", "neutral"].map(JSONValue.string))])
        #expect(try await scorer.score("neutral", expected: .null).passed)
        #expect(try await !scorer.score("mixed", expected: .null).passed)
        let many = try Self.make([:])
        let reason = try await many.score("z", expected: .array((1...8).map { .string("label\($0)") })).reason
        #expect(reason.hasSuffix(#""label5", … (8 in all)"#), "\(reason)")
    }

    @Test("compares Unicode scalars: a decomposed é is not the precomposed one")
    func scalars() async throws {
        #expect(try await !Self.make([:]).score("e\u{301}t\u{E9}", expected: .string("\u{E9}t\u{E9}")).passed)
        #expect(try await Self.make([:]).score("\u{E9}t\u{E9}", expected: .string("\u{E9}t\u{E9}")).passed)
    }

    @Test("an empty value list or a value with expected_var is an input problem")
    func badOptions() throws {
        #expect(throws: InputProblem.self) { try Self.make(["value": .array([])]) }
        #expect(throws: InputProblem.self) { try Self.make(["value": .string("a"), "expected_var": .string("v")]) }
    }
}
