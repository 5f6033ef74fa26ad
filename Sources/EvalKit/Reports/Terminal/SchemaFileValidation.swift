import Foundation

/// What `evalctl schema validate` does, as a library call: validate JSON files and JSON Lines records against a
/// schema file and render one result per instance, in input order.
///
/// ```swift
/// let report = SchemaFileValidation.run(schemaPath: "answer.schema.json", instancePaths: ["a.json"],
///                                       instancesJSONLPath: "outputs.jsonl", format: .json)
/// // report.output → stdout, report.diagnostics → stderr, report.verdict → the exit code
/// ```
/// Exit status: 0 when every instance is valid, 1 when any is invalid, 2 when the schema or an instance cannot be
/// read or is not JSON, the schema breaks its metaschema or loops without moving into the instance (then nothing is
/// validated), or an instance cannot be validated at all (it nests too deeply under a recursive schema).
public enum SchemaFileValidation {
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    /// The command's whole effect: what to print where, and how to exit.
    public struct Report: Sendable {
        /// Lines for standard output.
        public let output: [String]
        /// Lines for standard error.
        public let diagnostics: [String]
        /// Invalid instances fail the bar; a schema or instance that cannot be used is unusable input.
        public let verdict: Verdict
        public var exitStatus: ExitStatus { verdict.exitStatus }
    }

    /// One instance to validate and the name it is reported under (`file.json`, `outputs.jsonl:3`).
    struct Instance {
        let label: String
        let value: JSONValue
    }

    public static func run(schemaPath: String, instancePaths: [String], instancesJSONLPath: String?, format: Format) -> Report {
        let schema: JSONSchema
        do {
            schema = try JSONSchema(contentsOf: URL(fileURLWithPath: schemaPath))
        } catch {
            let message = switch error {
            case .unreadableFile, .notJSON: "error: \(error.description)"
            default: "error: \(schemaPath): \(error.description)"
            }
            return Report(output: [], diagnostics: [message], verdict: Verdict(unusable: true))
        }
        var problems: [String] = []
        let instances = readInstances(instancePaths, jsonl: instancesJSONLPath, problems: &problems)
        guard problems.isEmpty else {
            return Report(output: [], diagnostics: problems.map { "error: \($0)" }, verdict: Verdict(unusable: true))
        }
        var results: [SchemaValidationResult] = []
        for instance in instances {
            do {
                results.append(try schema.validate(instance.value))
            } catch {
                return Report(output: [], diagnostics: ["error: \(instance.label): cannot validate: \(error.description)"], verdict: Verdict(unusable: true))
            }
        }
        let output = switch format {
        case .text: zip(instances, results).map { textLine(label: $0.label, result: $1) }
        case .json: [jsonDocument(results)]
        }
        return Report(output: output, diagnostics: [], verdict: Verdict(failedBar: !results.allSatisfy(\.isValid)))
    }

    static func readInstances(_ paths: [String], jsonl: String?, problems: inout [String]) -> [Instance] {
        var instances: [Instance] = []
        for path in paths {
            guard let data = readText(path, problems: &problems) else { continue }
            do {
                instances.append(Instance(label: path, value: try JSONParser.parse(data)))
            } catch {
                problems.append("\(path): not JSON: \(error.description)")
            }
        }
        guard let jsonl, let data = readText(jsonl, problems: &problems) else { return instances }
        for (offset, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !" \t\r".utf8.contains($0) }) else { continue }
            do {
                instances.append(Instance(label: "\(jsonl):\(offset + 1)", value: try JSONParser.parse(line)))
            } catch {
                problems.append("\(jsonl):\(offset + 1): not JSON: \(error.description)")
            }
        }
        return instances
    }

    /// A file's bytes as every input file is read: without a byte-order mark, and only when all of it is UTF-8.
    private static func readText(_ path: String, problems: inout [String]) -> Data? {
        do {
            let data = try InputText.bytes(URL(fileURLWithPath: path), displayPath: path, what: "the instance file")
            _ = try InputText.decode(data, file: path)
            return data
        } catch {
            problems.append(error.description)
            return nil
        }
    }

    /// `label: valid`, or `label: invalid: error; error`.
    static func textLine(label: String, result: SchemaValidationResult) -> String {
        if result.isValid { return "\(label): valid" }
        return "\(label): invalid: " + result.errors.map(\.description).joined(separator: "; ")
    }

    /// `{"results": [{"valid": …, "errors": [{"instance_path", "schema_path", "keyword", "message"}]}]}`.
    static func jsonDocument(_ results: [SchemaValidationResult]) -> String {
        let entries = results.map { result in
            JSONValue.object([
                "valid": .bool(result.isValid),
                "errors": .array(result.errors.map { error in
                    .object([
                        "instance_path": .string(error.instanceLocation),
                        "schema_path": .string(error.keywordLocation),
                        "keyword": .string(error.keyword),
                        "message": .string(error.message),
                    ])
                }),
            ])
        }
        return JSONValue.object(["results": .array(entries)]).canonicalJSON
    }
}
