import Testing
@testable import EvalKit

@Suite("Contains scorer")
struct ContainsScorerTests {
    @Test("passes when the output contains the expected answer anywhere")
    func containsExpected() async throws {
        let scorer = ContainsScorer()
        let hit = try await scorer.score("The capital of France is Paris.", expected: .string("Paris"))
        #expect(hit.value == 1)
        #expect(hit.reason == #"contains "Paris""#)
        let miss = try await scorer.score("The capital of France is Lyon.", expected: .string("Paris"))
        #expect(miss.value == 0)
        #expect(miss.reason == #"does not contain "Paris""#)
    }

    @Test("is case-sensitive unless casefold is configured")
    func caseSensitivity() async throws {
        #expect(try await !ContainsScorer().score("it is PARIS", expected: .string("Paris")).passed)
        #expect(try await ContainsScorer(normalization: [.casefold]).score("it is PARIS", expected: .string("Paris")).passed)
    }

    @Test("a fixed value is looked for instead of the case's expected answer")
    func fixedValue() async throws {
        let scorer = ContainsScorer(name: "says-paris", needle: "Paris")
        let hit = try await scorer.score("Paris, of course", expected: .string("London"))
        #expect(hit.passed)
        #expect(hit.scorer == "says-paris")
        #expect(try await !scorer.score("London, of course", expected: .string("London")).passed)
    }

    @Test("a fixed value comes from the `value` option of the scorer entry")
    func fixedValueFromSpec() async throws {
        let scorer = try ScorerRegistry.standard.makeScorer(
            scorerSpec(["type": .string("contains"), "value": .string("paris"), "normalize": .array([.string("casefold")])]),
            evalSetDirectory: TestFixtures.root)
        #expect(try await scorer.score("PARIS!", expected: .string("Rome")).passed)
        #expect(try await !scorer.score("Rome", expected: .string("Rome")).passed)
    }

    @Test("with a list of expected answers any one of them is enough")
    func listExpected() async throws {
        let expected: JSONValue = .array([.string("NYC"), .string("New York")])
        #expect(try await ContainsScorer().score("I'd say New York City", expected: expected).passed)
        #expect(try await !ContainsScorer().score("Boston", expected: expected).passed)
    }

    @Test("a number expected is looked for as its JSON text")
    func numberExpected() async throws {
        #expect(try await ContainsScorer().score("5 + 7 = 12", expected: .number(12)).passed)
        #expect(try await !ContainsScorer().score("5 + 7 = 13", expected: .number(12)).passed)
    }

    @Test("an empty list of expected answers never passes")
    func emptyExpectedList() async throws {
        #expect(try await !ContainsScorer().score("anything", expected: .array([])).passed)
    }
}
