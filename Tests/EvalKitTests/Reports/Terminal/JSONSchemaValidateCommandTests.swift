import Foundation
import Testing
@testable import EvalKit

@Suite("JSONSchema: evalctl schema validate")
struct JSONSchemaValidateCommandTests {
    private func run(_ directory: TemporaryDirectory, schema: String = "schemas/person.json", _ files: [String] = [],
                     jsonl: String? = nil, format: SchemaFileValidation.Format = .text) -> SchemaFileValidation.Report {
        SchemaFileValidation.run(schemaPath: directory.path(schema), instancePaths: files.map(directory.path),
                                 instancesJSONLPath: jsonl.map(directory.path), format: format)
    }

    @Test("all valid instances exit 0 with one line each")
    func allValid() throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        try directory.write("ada.json", #"{"name": "Ada", "age": 36}"#)
        try directory.write("alan.json", #"{"name": "Alan", "age": 41.0}"#)
        let report = run(directory, ["ada.json", "alan.json"])
        #expect(report.exitStatus == .success)
        #expect(report.output == ["\(directory.path("ada.json")): valid", "\(directory.path("alan.json")): valid"])
        #expect(report.diagnostics.isEmpty)
    }

    @Test("an invalid instance exits 1 and its line names each error's instance and schema path")
    func invalidInstance() throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        try directory.write("ada.json", #"{"name": "Ada", "age": 36}"#)
        try directory.write("bad.json", #"{"age": 1.5}"#)
        let report = run(directory, ["ada.json", "bad.json"])
        #expect(report.exitStatus == .belowThreshold)
        #expect(report.output.count == 2)
        #expect(report.output[1] == "\(directory.path("bad.json")): invalid: "
            + #"(root): missing required property "name" (schema /required); "#
            + "/age: must be integer, got number (schema /properties/age/$ref/type)")
    }

    @Test("JSON Lines records are validated in order, labelled by line, blank lines skipped")
    func jsonLines() throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        try directory.write("outputs.jsonl", "{\"name\": \"Ada\", \"age\": 36}\n\n{\"name\": \"Bob\"}\r\n")
        let report = run(directory, jsonl: "outputs.jsonl")
        let file = directory.path("outputs.jsonl")
        #expect(report.exitStatus == .belowThreshold)
        #expect(report.output == ["\(file):1: valid", "\(file):3: invalid: (root): missing required property \"age\" (schema /required)"])
    }

    @Test("--format json gives results in input order with instance_path, schema_path, keyword and message")
    func jsonFormat() throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        try directory.write("bad.json", #"{"name": 7, "age": 3}"#)
        try directory.write("outputs.jsonl", #"{"name": "Ada", "age": 36}"# + "\n")
        let report = run(directory, ["bad.json"], jsonl: "outputs.jsonl", format: .json)
        #expect(report.output.count == 1)
        let document = try JSONParser.parse(Array(report.output[0].utf8))
        let expected: JSONValue = .object(["results": .array([
            .object(["valid": .bool(false), "errors": .array([.object([
                "instance_path": .string("/name"), "schema_path": .string("/properties/name/type"),
                "keyword": .string("type"), "message": .string("must be string, got integer 7"),
            ])])]),
            .object(["valid": .bool(true), "errors": .array([])]),
        ])])
        #expect(document == expected)
    }

    @Test("a schema or instance that is not JSON, or a schema that breaks the metaschema, exits 2 and validates nothing")
    func unusableInput() throws {
        let directory = try JSONSchemaFixtureFiles.evalSetDirectory()
        defer { directory.remove() }
        try directory.write("ok.json", #"{"name": "Ada", "age": 36}"#)
        try directory.write("prose.json", "Ada, 36")
        try directory.write("broken-schema.json", "{")
        try directory.write("wrong-schema.json", #"{"minLength": -1}"#)
        try directory.write("lines.jsonl", "{}\nnope\n")

        let prose = run(directory, ["ok.json", "prose.json"])
        #expect(prose.exitStatus == .invalidInput)
        #expect(prose.output.isEmpty)
        #expect(prose.diagnostics == ["error: \(directory.path("prose.json")): not JSON: column 1: unexpected character 'A', expected a value"])

        let lines = run(directory, jsonl: "lines.jsonl")
        #expect(lines.exitStatus == .invalidInput)
        #expect(lines.diagnostics.first?.hasPrefix("error: \(directory.path("lines.jsonl")):2: not JSON") == true)

        let broken = run(directory, schema: "broken-schema.json", ["ok.json"])
        #expect(broken.exitStatus == .invalidInput)
        #expect(broken.diagnostics.first?.hasPrefix("error: \(directory.path("broken-schema.json")): not JSON") == true)

        let wrong = run(directory, schema: "wrong-schema.json", ["ok.json"])
        #expect(wrong.exitStatus == .invalidInput)
        #expect(wrong.diagnostics.first?.contains("does not conform to its metaschema https://json-schema.org/draft/2020-12/schema") == true)
        #expect(wrong.diagnostics.first?.contains("/minLength: must be >= 0, got -1") == true)

        let missing = run(directory, ["absent.json"])
        #expect(missing.exitStatus == .invalidInput)
        #expect(missing.diagnostics == ["error: \(directory.path("absent.json")): cannot read the instance file (no such file)"])
    }
}
