import Testing
@testable import EvalKit

@Suite("Regex scorer")
struct RegexScorerTests {
    @Test("an unanchored pattern matches anywhere in the output")
    func matchesAnywhere() async throws {
        let scorer = try RegexScorer(pattern: #"\d+"#)
        let hit = try await scorer.score("about 42 apples", expected: .string("ignored"))
        #expect(hit.value == 1)
        #expect(hit.reason == #"matches /\d+/"#)
        let miss = try await scorer.score("about forty-two apples", expected: .string("ignored"))
        #expect(miss.value == 0)
        #expect(miss.reason == #"does not match /\d+/"#)
    }

    @Test("anchors require the whole output to match")
    func anchored() async throws {
        let scorer = try RegexScorer(pattern: #"^\d+$"#)
        #expect(try await scorer.score("42", expected: .null).passed)
        #expect(try await !scorer.score("42 apples", expected: .null).passed)
    }

    @Test("matching is case-sensitive unless ignore_case is set")
    func ignoreCase() async throws {
        #expect(try await !RegexScorer(pattern: "paris").score("PARIS", expected: .null).passed)
        #expect(try await RegexScorer(pattern: "paris", ignoreCase: true).score("PARIS", expected: .null).passed)
    }

    @Test("ignore_case and name are read from the scorer entry")
    func optionsFromSpec() async throws {
        let scorer = try ScorerRegistry.standard.makeScorer(
            scorerSpec(["type": .string("regex"), "pattern": .string("paris"), "ignore_case": .bool(true), "name": .string("mentions-paris")]),
            evalSetDirectory: TestFixtures.root)
        #expect(scorer.name == "mentions-paris")
        #expect(try await scorer.score("Welcome to PARIS", expected: .null).passed)
    }

    @Test("an invalid pattern is rejected when the scorer is built")
    func invalidPatternThrows() {
        #expect(throws: (any Error).self) { try RegexScorer(pattern: "([a-z") }
    }

    @Test("the registry rejects an invalid pattern with the entry's file and line")
    func invalidPatternFromRegistry() {
        let error = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(
                scorerSpec(["type": .string("regex"), "pattern": .string("([a-z")], line: 21), evalSetDirectory: TestFixtures.root)
        }
        #expect(error?.file == "sets/demo/evalset.yaml")
        #expect(error?.line == 21)
        #expect(error?.message.contains("not a valid regular expression") == true)
    }

    @Test("a regex entry without a pattern is rejected")
    func missingPattern() {
        let error = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string("regex")]), evalSetDirectory: TestFixtures.root)
        }
        #expect(error?.message == "scorer 'regex': missing 'pattern'")
    }
}
