import EvalStub
import Foundation
import Testing
@testable import EvalKit

/// A schema that refers back to itself without moving into the instance can never finish validating: it is an
/// invalid schema (lint error, exit 2), and an output the validator cannot finish is an error (exit 3), never a failure.
@Suite("JSONSchema: cycles and limits")
struct SchemaCycleTests {
    private func schema(_ text: String) throws -> JSONSchema {
        try JSONSchema(JSONParser.parse(Array(text.utf8)))
    }

    static let cycles: [(schema: String, path: String)] = [
        (##"{"$ref": "#"}"##, "#/$ref → #"),
        (##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##,
         "#/$defs/a/$ref → #/$defs/b/$ref → #/$defs/a"),
        (##"{"allOf": [{"type": "object"}, {"$ref": "#"}]}"##, "#/allOf/1 → #/allOf/1/$ref → #"),
        (##"{"anyOf": [{"$ref": "#"}, {"type": "string"}]}"##, "#/anyOf/0 → #/anyOf/0/$ref → #"),
        (##"{"oneOf": [{"$ref": "#"}]}"##, "#/oneOf/0 → #/oneOf/0/$ref → #"),
        (##"{"not": {"$ref": "#"}}"##, "#/not → #/not/$ref → #"),
        (##"{"if": {"$ref": "#"}}"##, "#/if → #/if/$ref → #"),
        (##"{"if": true, "then": {"$ref": "#"}}"##, "#/then → #/then/$ref → #"),
        (##"{"if": false, "else": {"$ref": "#"}}"##, "#/else → #/else/$ref → #"),
        (##"{"dependentSchemas": {"a": {"$ref": "#"}}}"##, "#/dependentSchemas/a → #/dependentSchemas/a/$ref → #"),
        (##"{"properties": {"x": {"$ref": "#/$defs/loop"}}, "$defs": {"loop": {"allOf": [{"$ref": "#/$defs/loop"}]}}}"##,
         "#/$defs/loop/allOf/0 → #/$defs/loop/allOf/0/$ref → #/$defs/loop"),
        (##"{"$dynamicAnchor": "node", "anyOf": [{"$dynamicRef": "#node"}]}"##, "#/anyOf/0 → #/anyOf/0/$dynamicRef → #"),
    ]

    @Test("a cycle of references and in-place applicators is a schema error that shows the cycle",
          arguments: cycles.indices)
    func cycleIsSchemaError(index: Int) throws {
        let (text, path) = Self.cycles[index]
        let error = #expect(throws: SchemaError.self) { try schema(text) }
        guard case .inPlaceCycle(let locations)? = error else {
            Issue.record("\(text): expected an in-place cycle, got \(String(describing: error))")
            return
        }
        #expect(locations.joined(separator: " → ") == path, "\(text)")
        #expect(error?.description.contains("refers back to itself without moving into the instance") == true)
    }

    @Test("recursion that steps into the instance is valid and validates", arguments: [
        ##"{"properties": {"child": {"$ref": "#"}}}"##,
        ##"{"items": {"$ref": "#"}}"##,
        ##"{"prefixItems": [{"$ref": "#"}]}"##,
        ##"{"contains": {"$ref": "#"}}"##,
        ##"{"additionalProperties": {"$ref": "#"}}"##,
        ##"{"patternProperties": {"^a": {"$ref": "#"}}}"##,
        ##"{"propertyNames": {"$ref": "#"}}"##,
        ##"{"unevaluatedProperties": {"$ref": "#"}}"##,
        ##"{"anyOf": [{"type": "integer"}, {"items": {"$ref": "#"}}]}"##,
        ##"{"$defs": {"loop": {"$ref": "#/$defs/loop"}}, "type": "integer"}"##,
    ])
    func consumingRecursionIsValid(text: String) throws {
        let schema = try schema(text)
        let instance = try JSONParser.parse(Array(#"[{"child": {"a": [1, {"b": 2}]}}, 1]"#.utf8))
        #expect(throws: Never.self) { try schema.validate(instance) }
    }

    @Test("an instance too deep for the validator under a recursive schema is thrown, not a failure nor a crash")
    func evaluationDepthIsAnError() async throws {
        let schema = try schema(##"{"items": {"$ref": "#"}}"##)
        await Task.detached {
            var deep: JSONValue = .null
            for _ in 0..<5_000 { deep = .array([deep]) }
            let error = #expect(throws: SchemaEvaluationError.self) { try schema.validate(deep) }
            guard case .tooDeep(let limit, _, _)? = error else {
                Issue.record("expected tooDeep, got \(String(describing: error))")
                return
            }
            #expect(limit == SchemaEvaluator.maximumDepth)
            #expect(error?.description.contains("subschemas nest more than 1000 deep at instance /0/0/0") == true)
            var shallow: JSONValue = .null
            for _ in 0..<100 { shallow = .array([shallow]) }
            #expect((try? schema.validate(shallow))?.isValid == true)
        }.value
    }

    @Test("a chain of references longer than the compiler's limit is a schema error, not a stack overflow")
    func longReferenceChain() async throws {
        let count = SchemaCompiler.maximumDepth + 500
        var definitions: [String: JSONValue] = [:]
        for index in 0..<count {
            definitions["d\(index)"] = index + 1 < count ? .object(["$ref": .string("#/$defs/d\(index + 1)")]) : .object(["type": .string("integer")])
        }
        let document: JSONValue = .object(["$defs": .object(definitions), "$ref": .string("#/$defs/d0")])
        await Task.detached {
            let error = #expect(throws: SchemaError.self) { try JSONSchema(document) }
            #expect(error?.description.contains("subschemas and references nest more than 1000 deep") == true, "\(String(describing: error))")
        }.value
    }

    @Test("a schema too deep to check against its metaschema is a schema error")
    func deepSchema() async throws {
        let text = String(repeating: #"{"not":"#, count: 500) + "{}" + String(repeating: "}", count: 500)
        await Task.detached {
            let error = #expect(throws: SchemaError.self) { try JSONSchema(JSONParser.parse(Array(text.utf8))) }
            #expect(error?.description.hasPrefix("the schema cannot be checked against its metaschema: subschemas nest more than 1000 deep") == true)
        }.value
    }

    @Test("the scorer: a cyclic schema is a problem at the entry's file and line; an output it cannot validate throws")
    func scorer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("schemas/loop.json", ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##)
        try directory.write("schemas/tree.json", ##"{"items": {"$ref": "#"}}"##)
        let problem = #expect(throws: InputProblem.self) {
            try JSONSchemaScorer(spec: scorerSpec(["type": .string("json_schema"), "schema": .string("schemas/loop.json")]),
                                 evalSetDirectory: directory.url)
        }
        #expect(problem?.file == "sets/demo/evalset.yaml")
        #expect(problem?.line == 12)
        #expect(problem?.message.contains("schema 'schemas/loop.json': schema location #/$defs/a/$ref: the schema refers back to itself") == true)
        #expect(problem?.message.contains("#/$defs/a/$ref → #/$defs/b/$ref → #/$defs/a") == true)

        let deepFile = String(repeating: "[", count: 510) + String(repeating: "]", count: 510)
        try directory.write("deep.json", deepFile)
        let report = SchemaFileValidation.run(schemaPath: directory.path("schemas/tree.json"), instancePaths: [directory.path("deep.json")],
                                              instancesJSONLPath: nil, format: .text)
        #expect(report.exitStatus == .invalidInput)
        #expect(report.diagnostics.first?.contains("deep.json: cannot validate: subschemas nest more than 1000 deep") == true)

        let tree = try JSONSchemaScorer(spec: scorerSpec(["type": .string("json_schema"), "schema": .string("schemas/tree.json")]),
                                        evalSetDirectory: directory.url)
        let deep = String(repeating: "[", count: 510) + String(repeating: "]", count: 510)
        await #expect(throws: SchemaEvaluationError.self) { try await tree.score(deep, expected: .null) }
        #expect(try await tree.score("[[[]]]", expected: .null).value == 1)
    }

    @Test("evalctl: a cyclic schema exits 2 in lint, run (nothing sent) and schema validate; an unfinishable output is an error, exit 3")
    func commands() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder()
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let deep = String(repeating: "[", count: 510) + String(repeating: "]", count: 510)
        let evalSet = try EchoEvalSet.write(into: directory, questions: [deep, "[[]]"], scorers: "- {type: json_schema, schema: schemas/s.json}")
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        try directory.write("echo/schemas/s.json", ##"{"allOf": [{"type": "array"}, {"$ref": "#"}]}"##)

        let lint = try await EvalctlProcess.run(["evalset", "lint", evalSet], in: directory)
        #expect(lint.status == 2)
        let lintOutput = lint.stdout + lint.stderr
        #expect(lintOutput.contains("echo/evalset.yaml:7: scorer 'json_schema': schema 'schemas/s.json': schema location #/allOf/1"),
                "\(lintOutput)")
        #expect(lintOutput.contains("#/allOf/1 → #/allOf/1/$ref → #"))
        let run = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(run.status == 2)
        #expect((run.stdout + run.stderr).contains("echo/evalset.yaml:7: scorer 'json_schema'"), "\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("refers back to itself without moving into the instance"))
        #expect(responder.receivedRequests.isEmpty)
        try directory.write("one.json", "1")
        let validate = try await EvalctlProcess.run(["schema", "validate", "echo/schemas/s.json", "one.json"], in: directory)
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("echo/schemas/s.json: schema location #/allOf/1: the schema refers back to itself"))

        try directory.write("echo/schemas/s.json", ##"{"type": "array", "items": {"$ref": "#"}}"##)
        let scored = try await EvalctlProcess.run(["run", evalSet, "--format", "json"], in: directory)
        #expect(scored.status == 3, "\(scored.stderr)")
        let summary = try JSONValue(parsing: Data(scored.stdout.utf8))
        #expect(summary["errored"] == .number(1))
        #expect(summary["passed"] == .number(1))
        #expect(summary["failed"] == .number(0))
    }
}
