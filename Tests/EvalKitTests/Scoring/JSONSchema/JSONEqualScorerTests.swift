import Testing
@testable import EvalKit

@Suite("JSON equal scorer")
struct JSONEqualScorerTests {
    private func scorer(_ options: [String: JSONValue] = [:]) throws -> any Scorer {
        try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string("json_equal")].merging(options) { $1 }),
                                               evalSetDirectory: TestFixtures.root)
    }

    @Test("objects are equal whatever their key order and spacing; numbers by value")
    func structuralEquality() async throws {
        let scorer = JSONEqualScorer()
        let expected = JSONValue.object(["name": .string("Ada"), "age": .number(36), "tags": .array([.string("a"), .string("b")])])
        let hit = try await scorer.score(#" { "tags": ["a","b"], "age": 36.0, "name": "Ada" } "#, expected: expected)
        #expect(hit.passed)
        #expect(hit.reason == "equals the expected JSON")
        #expect(try await !scorer.score(#"{"tags": ["b", "a"], "age": 36, "name": "Ada"}"#, expected: expected).passed, "arrays keep their order")
        #expect(try await !scorer.score(#"{"tags": ["a", "b"], "age": 36}"#, expected: expected).passed, "a missing key differs")
        #expect(try await !scorer.score(#"{"tags": ["a", "b"], "age": 36, "name": "Ada", "x": null}"#, expected: expected).passed,
                "an extra key differs, even when null")
    }

    @Test("an expected string is JSON text, parsed before comparing")
    func expectedString() async throws {
        let hit = try await JSONEqualScorer().score(#"{"b": [1, 2], "a": true}"#, expected: .string(#"{"a": true, "b": [1.0, 2]}"#))
        #expect(hit.passed)
        let miss = try await JSONEqualScorer().score(#"{"a": 1}"#, expected: .string(#"{"a":true}"#))
        #expect(!miss.passed, "true is not 1")
        #expect(miss.reason == #"differs from the expected JSON "{\"a\":true}""#)
    }

    @Test("a list of strings is a list of answers, any one of which may match")
    func anyOfList() async throws {
        let expected: JSONValue = .array([.string(#"{"answer": "B"}"#), .string(#"{"answer": "b"}"#)])
        #expect(try await JSONEqualScorer().score(#"{"answer": "b"}"#, expected: expected).passed)
        #expect(try await !JSONEqualScorer().score(#"{"answer": "c"}"#, expected: expected).passed)
        #expect(try await !JSONEqualScorer().score(#"["{\"answer\": \"B\"}", "{\"answer\": \"b\"}"]"#, expected: expected).passed,
                "the list is answers, not the value itself")
    }

    @Test("a list that is not all strings, and the empty list, are the JSON value itself")
    func listAsValue() async throws {
        #expect(try await JSONEqualScorer().score("[1, \"x\"]", expected: .array([.number(1), .string("x")])).passed)
        #expect(try await JSONEqualScorer().score("[]", expected: .array([])).passed)
        #expect(try await !JSONEqualScorer().score("{}", expected: .array([])).passed)
    }

    @Test("strings compare by code point, not under canonical equivalence")
    func codePointStrings() async throws {
        #expect(try await !JSONEqualScorer().score(#""caf\u00e9""#, expected: .string(#""cafe\u0301""#)).passed)
        #expect(try await JSONEqualScorer().score(#""caf\u00e9""#, expected: .string("\"caf\u{E9}\"")).passed)
    }

    @Test("output that is not JSON fails with the reason; an expected answer that is not JSON is an error")
    func notJSON() async throws {
        let miss = try await JSONEqualScorer().score("Sure! {\"a\": 1}", expected: .string(#"{"a": 1}"#))
        #expect(!miss.passed)
        #expect(miss.reason.hasPrefix("the output is not JSON"))
        let error = await #expect(throws: ScorerFailure.self) {
            try await JSONEqualScorer().score(#"{"a": 1}"#, expected: .string("{a: 1}"))
        }
        #expect(error?.message.hasPrefix("the expected answer is not JSON") == true)
    }

    @Test("extract finds the JSON inside prose or a fence, as json_schema's does")
    func extract() async throws {
        let prose = "Here you are: {\"a\": [1, 2]} — done."
        #expect(try await !scorer().score(prose, expected: .string(#"{"a": [1, 2]}"#)).passed)
        #expect(try await scorer(["extract": .string("first_object")]).score(prose, expected: .string(#"{"a": [1, 2]}"#)).passed)
        let fenced = "Result:\n```json\n{\"a\": [1, 2]}\n```\n"
        #expect(try await scorer(["extract": .string("fenced")]).score(fenced, expected: .string(#"{"a": [1, 2]}"#)).passed)
    }

    @Test("an unknown extract mode is a problem at the entry, listing the modes")
    func unknownExtract() {
        let error = #expect(throws: InputProblem.self) { try scorer(["extract": .string("first")]) }
        #expect(error?.message == "scorer 'json_equal': unknown 'extract' value 'first' (expected one of: strict, first_object, fenced)")
        #expect(error?.line == 12)
    }
}
