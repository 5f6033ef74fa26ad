import Foundation
import Testing
@testable import EvalKit

/// Compares `JSONSchema` with Python's `jsonschema` (`Draft202012Validator`) on generated schemas and instances.
@Suite("JSONSchema: differential against Python jsonschema")
struct JSONSchemaDifferentialTests {
    static let schemaCount = 300
    static let instancesPerSchema = 4

    /// Reads `{"schema", "instances"}` lines and prints, per line, the list of `is_valid` results as JSON.
    static let pythonScript = """
        import json, sys
        try:
            from jsonschema import Draft202012Validator
        except Exception as error:
            print("Python jsonschema is not importable (pip install jsonschema): %s" % error, file=sys.stderr)
            sys.exit(3)
        results = []
        with open(sys.argv[1], encoding="utf-8") as cases:
            for line in cases:
                case = json.loads(line)
                validator = Draft202012Validator(case["schema"])
                results.append([validator.is_valid(instance) for instance in case["instances"]])
        print(json.dumps(results))
        """

    @Test("generated schema/instance pairs get the same verdict as Draft202012Validator")
    func matchesPythonJSONSchema() async throws {
        // JSON_SCHEMA_DIFF_SEED explores other cases; the fixed default keeps the test reproducible.
        let seed = ProcessInfo.processInfo.environment["JSON_SCHEMA_DIFF_SEED"].flatMap { UInt64($0) } ?? 2020_12
        var generator = RandomSchemaGenerator(seed: seed)
        var cases: [(schema: JSONValue, instances: [JSONValue])] = []
        for _ in 0..<Self.schemaCount {
            cases.append((generator.rootSchema(), (0..<Self.instancesPerSchema).map { _ in generator.instance() }))
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = cases.map { JSONValue.object(["schema": $0.schema, "instances": .array($0.instances)]).canonicalJSON }
        try directory.write("cases.jsonl", lines.joined(separator: "\n") + "\n")

        let python = try await runPython(arguments: [directory.path("cases.jsonl")])
        guard python.status == 0 else {
            Issue.record(Comment(rawValue: "the reference python failed (status \(python.status)): \(python.standardError) — \(ReferencePython.installHint)"))
            return
        }
        let verdicts = try JSONParser.parse(Array(python.standardOutput.utf8)).arrayValue ?? []
        try #require(verdicts.count == cases.count)

        var compared = 0
        var validCount = 0
        for (offset, (schemaValue, instances)) in cases.enumerated() {
            let schema = try JSONSchema(schemaValue)
            let expected = verdicts[offset].arrayValue?.compactMap(\.boolValue) ?? []
            for (instance, pythonValid) in zip(instances, expected) {
                compared += 1
                let result = try schema.validate(instance)
                if pythonValid { validCount += 1 }
                if result.isValid != pythonValid {
                    Issue.record(Comment(rawValue: "schema \(schemaValue.canonicalJSON) instance \(instance.canonicalJSON): "
                        + "evalctl says \(result.isValid ? "valid" : "invalid"), jsonschema \(pythonValid ? "valid" : "invalid")"))
                }
            }
        }
        print("JSONSchema differential (seed \(seed)): \(compared) schema/instance pairs compared with Python jsonschema, \(validCount) valid")
        #expect(compared == Self.schemaCount * Self.instancesPerSchema)
    }

    private func runPython(arguments: [String]) async throws -> (status: Int32, standardOutput: String, standardError: String) {
        let process = Process()
        // The reference venv `make references` installs (jsonschema pinned), never whatever python3 happens to be on PATH.
        process.executableURL = URL(fileURLWithPath: ReferencePython.path)
        process.arguments = ["-c", Self.pythonScript] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Waited for off the test's threads: a blocking wait starves the tests running beside this one.
        let result = await EvalctlProcess.collect(process, output, error)
        return (result.status, result.stdout, result.stderr)
    }
}
