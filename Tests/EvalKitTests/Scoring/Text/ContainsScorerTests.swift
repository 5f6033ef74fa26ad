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

    @Test("match: all needs every value and names the missing ones; match: any needs one")
    func matchAll() async throws {
        let all = ContainsScorer(needles: ["Paris", "France"], match: .all)
        let both = try await all.score("Paris, France", expected: .string(""))
        #expect(both.passed)
        #expect(both.reason == "contains all 2")
        let one = try await all.score("Paris, Texas", expected: .string(""))
        #expect(!one.passed)
        #expect(one.reason == #"does not contain "France""#)
        #expect(try await ContainsScorer(needles: ["Paris", "France"], match: .any).score("Paris, Texas", expected: .string("")).passed)
    }

    @Test("match, either_way and a list value come from the scorer entry; a bad match is a problem")
    func optionsFromSpec() async throws {
        let scorer = try ScorerRegistry.standard.makeScorer(
            scorerSpec(["type": .string("contains"), "value": .array([.string("a"), .string("b")]), "match": .string("all")]),
            evalSetDirectory: TestFixtures.root)
        #expect(try await scorer.score("b then a", expected: .string("")).passed)
        #expect(try await !scorer.score("b only", expected: .string("")).passed)
        let error = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string("contains"), "match": .string("every")]), evalSetDirectory: TestFixtures.root)
        }
        #expect(error?.message == "scorer 'contains': 'match' must be 'any' or 'all', not 'every'")
    }

    @Test("either_way also passes an output contained in the answer, and empty texts only match each other")
    func eitherWay() async throws {
        let fuzzy = ContainsScorer(eitherWay: true, normalization: [.squad])
        let inside = try await fuzzy.score("Eiffel", expected: .string("The Eiffel Tower"))
        #expect(inside.passed)
        #expect(inside.reason == #"is contained in "The Eiffel Tower""#)
        #expect(try await fuzzy.score("It is the Eiffel Tower.", expected: .string("eiffel tower")).reason == #"contains "eiffel tower""#)
        #expect(try await !fuzzy.score("Louvre", expected: .string("The Eiffel Tower")).passed)
        #expect(try await !fuzzy.score("the", expected: .string("Paris")).passed, "an empty normalized output is in every text, but matches only an empty one")
        #expect(try await fuzzy.score("The.", expected: .string("a")).passed)
        #expect(try await !ContainsScorer().score("Eiffel", expected: .string("The Eiffel Tower")).passed, "one way only by default")
    }

    @Test("containment is by code point, as Python's `in`: e plus a combining accent contains e")
    func codePoints() async throws {
        #expect(try await ContainsScorer().score("cafe\u{301}", expected: .string("cafe")).passed)
        #expect(try await !ContainsScorer().score("cafe\u{301}", expected: .string("caf\u{E9}")).passed)
        #expect(try await ContainsScorer().score("👩‍👩‍👧‍👦", expected: .string("👧")).passed)
    }

    @Test("a needle that almost matches everywhere is searched in linear time")
    func adversarialNeedle() async throws {
        // A naive search compares about 2,000 characters at each of a million positions (about half a minute).
        let output = String(repeating: "a", count: 1_000_000)
        let needle = String(repeating: "a", count: 2_000) + "b"
        let start = ContinuousClock.now
        #expect(try await !ContainsScorer().score(output, expected: .string(needle)).passed)
        #expect(try await ContainsScorer().score(output + "b", expected: .string(needle)).passed)
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
