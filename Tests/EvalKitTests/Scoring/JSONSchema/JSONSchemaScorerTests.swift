import Foundation
import Testing
@testable import EvalKit

@Suite("JSONSchema scorer")
struct JSONSchemaScorerTests {
    private func scorer(_ options: [String: JSONValue], in directory: TemporaryDirectory) throws -> JSONSchemaScorer {
        var entry: [String: JSONValue] = ["type": .string("json_schema"), "schema": .string("schemas/person.json")]
        entry.merge(options) { $1 }
        return try JSONSchemaScorer(spec: scorerSpec(entry), evalSetDirectory: directory.url)
    }

    @Test("strict: conforming JSON scores 1")
    func strictValid() async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let score = try await scorer([:], in: directory).score("  {\"name\": \"Ada\", \"age\": 36}\n", expected: .null)
        #expect(score.value == 1)
        #expect(score.passed)
        #expect(score.reason == "conforms to schemas/person.json")
    }

    @Test("strict: JSON that breaks the schema scores 0 and the reason lists the first errors with their locations")
    func strictInvalid() async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let score = try await scorer([:], in: directory).score(#"{"name": "", "age": -1, "extra": true}"#, expected: .null)
        #expect(score.value == 0)
        #expect(!score.passed)
        #expect(score.reason.hasPrefix("does not conform to schemas/person.json: "))
        #expect(score.reason.contains("/age: must be >= 0, got -1 (schema /properties/age/$ref/minimum)"))
        #expect(score.reason.contains("/name: must be at least 1 character long, got 0 (schema /properties/name/minLength)"))
        #expect(score.reason.contains(#"/extra: property "extra" is not allowed (additionalProperties)"#))
    }

    @Test("strict: prose around the JSON is not JSON")
    func strictRejectsProse() async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let score = try await scorer([:], in: directory).score(#"Here you go: {"name": "Ada", "age": 36}"#, expected: .null)
        #expect(score.value == 0)
        #expect(score.reason.hasPrefix("the output is not JSON (column 1:"))
    }

    @Test("first_object: the first balanced object or array that parses is validated, wherever it is")
    func firstObject() async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let scorer = try scorer(["extract": .string("first_object")], in: directory)
        let output = #"Sure [see notes]. Answer: {"name": "A}da [x]", "age": 36} and {"name": 1}"#
        #expect(try await scorer.score(output, expected: .null).value == 1)
        let wrong = try await scorer.score(#"Answer: {"name": "Ada", "age": "36"}"#, expected: .null)
        #expect(wrong.value == 0)
        #expect(wrong.reason.contains("/age: must be integer, got string"))
        let none = try await scorer.score("I cannot answer that.", expected: .null)
        #expect(none.value == 0)
        #expect(none.reason == "the output contains no JSON object or array")
    }

    @Test("fenced: the first ```json block is validated")
    func fenced() async throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let scorer = try scorer(["extract": .string("fenced")], in: directory)
        let output = "Here:\n```python\nprint(1)\n```\n```json\n{\"name\": \"Ada\",\n \"age\": 36}\n```\n```json\n{}\n```"
        #expect(try await scorer.score(output, expected: .null).value == 1)
        let broken = try await scorer.score("```json\n{\"name\": \"Ada\",}\n```", expected: .null)
        #expect(broken.value == 0)
        #expect(broken.reason.hasPrefix("the ```json block is not JSON"))
        let unfenced = try await scorer.score(#"{"name": "Ada", "age": 36}"#, expected: .null)
        #expect(unfenced.value == 0)
        #expect(unfenced.reason == "the output has no ```json fenced block")
    }

    @Test("name and threshold come from the entry")
    func nameAndThreshold() throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let scorer = try scorer(["name": .string("person-shape"), "threshold": .number(1)], in: directory)
        #expect(scorer.name == "person-shape")
        #expect(scorer.extraction == .strict)
    }

    @Test("a missing, unreadable, non-JSON or invalid schema is a problem at the scorer entry's file and line")
    func schemaProblems() throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        try directory.write("schemas/broken.json", #"{"type": "object",}"#)
        try directory.write("schemas/wrong.json", #"{"type": "strng"}"#)
        try directory.write("schemas/dangling.json", ##"{"$ref": "#/$defs/missing"}"##)
        let cases: [(JSONValue?, String)] = [
            (nil, "missing 'schema'"),
            (.string("schemas/absent.json"), "schema 'schemas/absent.json': cannot be read"),
            (.string("schemas/broken.json"), "schema 'schemas/broken.json': is not JSON: column 19"),
            (.string("schemas/wrong.json"), "does not conform to its metaschema"),
            (.string("schemas/dangling.json"), "cannot resolve '#/$defs/missing'"),
        ]
        for (schema, expected) in cases {
            var entry: [String: JSONValue] = ["type": .string("json_schema")]
            entry["schema"] = schema
            let problem = #expect(throws: InputProblem.self) {
                try JSONSchemaScorer(spec: scorerSpec(entry), evalSetDirectory: directory.url)
            }
            #expect(problem?.file == "sets/demo/evalset.yaml")
            #expect(problem?.line == 12)
            #expect(problem?.message.contains(expected) == true, "\(problem?.message ?? "") should contain \(expected)")
        }
    }

    @Test("an unknown extract mode or option is rejected")
    func unknownOptions() throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        let mode = #expect(throws: InputProblem.self) { try scorer(["extract": .string("loose")], in: directory) }
        #expect(mode?.message.contains("unknown 'extract' value 'loose' (expected one of: strict, first_object, fenced)") == true)
        let option = #expect(throws: InputProblem.self) { try scorer(["schemas": .string("x")], in: directory) }
        #expect(option?.message.contains("unknown option 'schemas'") == true)
    }
}
