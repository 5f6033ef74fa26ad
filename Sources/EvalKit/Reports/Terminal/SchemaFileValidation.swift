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
        // Each instance is parsed, validated and dropped: memory holds the schema and the output, never every instance.
        var output: [String] = []
        var allValid = true
        var failure: String?
        func take(_ label: String, _ value: JSONValue) -> Bool {
            let result: SchemaValidationResult
            do {
                result = try schema.validate(value)
            } catch {
                failure = "\(label): cannot validate: \(error.description)"
                return false
            }
            allValid = allValid && result.isValid
            output.append(format == .text ? textLine(label: label, result: result) : jsonEntry(result).canonicalJSON)
            return true
        }
        var problems: [String] = []
        forEachInstance(instancePaths, jsonl: instancesJSONLPath, problems: &problems) { label, value in
            failure == nil && take(label, value)
        }
        guard problems.isEmpty else {
            return Report(output: [], diagnostics: problems.map { "error: \($0)" }, verdict: Verdict(unusable: true))
        }
        if let failure {
            return Report(output: [], diagnostics: ["error: \(failure)"], verdict: Verdict(unusable: true))
        }
        if format == .json { output = ["{\"results\":[" + output.joined(separator: ",") + "]}"] }
        return Report(output: output, diagnostics: [], verdict: Verdict(failedBar: !allValid))
    }

    /// Every instance with its label, files first, then the JSON Lines file a line at a time. A problem (a file that
    /// cannot be read, a line that is not JSON) is recorded and stops the reading; `body` returning false stops it too.
    static func forEachInstance(_ paths: [String], jsonl: String?, problems: inout [String], _ body: (String, JSONValue) -> Bool) {
        for path in paths {
            guard let data = readText(path, problems: &problems) else { return }
            do {
                guard body(path, try JSONParser.parse(data)) else { return }
            } catch {
                problems.append("\(path): not JSON: \(error.description)")
                return
            }
        }
        guard let jsonl else { return }
        if let head = try? FileHandle(forReadingFrom: URL(fileURLWithPath: jsonl)).read(upToCount: 1024),
           let pointer = InputText.gitLFSPointer(head, displayPath: jsonl) {
            problems.append("\(jsonl):1: \(pointer)")
            return
        }
        var failed: String?
        do {
            try LineReader(path: jsonl, maximumLineBytes: maximumLineBytes).forEach { line, number in
                switch line {
                case .tooLong:
                    failed = "\(jsonl):\(number): longer than \(maximumLineBytes / (1 << 20)) MiB"
                    return .stop
                case .unreadable(let reason):
                    failed = "\(jsonl): cannot read the instance file (\(reason))"
                    return .stop
                case .text(let bytes):
                    guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return .proceed }
                    do {
                        if bytes.contains(where: { $0 >= 0x80 }) { _ = try InputText.decode(bytes, file: jsonl, firstLine: number) }
                        return body("\(jsonl):\(number)", try JSONParser.parse(bytes)) ? .proceed : .stop
                    } catch let problem as InputProblem {
                        failed = problem.description
                    } catch let error as JSONParser.Failure {
                        failed = "\(jsonl):\(number): not JSON: \(error.description)"
                    } catch {
                        failed = "\(jsonl):\(number): \(error)"
                    }
                    return .stop
                }
            }
        } catch {
            failed = "\(jsonl): cannot read the instance file (\(error.reason))"
        }
        if let failed { problems.append(failed) }
    }

    /// The longest instance line read: far above any model's answer, a bound on what one line may take.
    static let maximumLineBytes = 64 << 20

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

    /// One result of `{"results": [{"valid": …, "errors": [{"instance_path", "schema_path", "keyword", "message"}]}]}`.
    static func jsonEntry(_ result: SchemaValidationResult) -> JSONValue {
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
}
