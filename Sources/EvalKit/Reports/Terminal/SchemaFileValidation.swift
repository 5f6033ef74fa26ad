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
        // Each instance is parsed, validated and dropped: memory holds the schema, one batch of lines and the output,
        // never every instance. Lines of a batch are checked on every core; their results are taken in file order.
        var output: [String] = []
        var allValid = true
        var stop: String?
        forEachOutcome(instancePaths, jsonl: instancesJSONLPath, schema: schema, format: format) { outcome in
            switch outcome {
            case .checked(let line, let valid):
                output.append(line)
                allValid = allValid && valid
                return true
            case .problem(let message):
                stop = message
                return false
            }
        }
        if let stop {
            return Report(output: [], diagnostics: ["error: \(stop)"], verdict: Verdict(unusable: true))
        }
        if format == .json { output = ["{\"results\":[" + output.joined(separator: ",") + "]}"] }
        return Report(output: output, diagnostics: [], verdict: Verdict(failedBar: !allValid))
    }

    /// One instance's result: its output line (text, or its JSON entry) and verdict; or why nothing can be reported
    /// (it cannot be read, is not JSON, or cannot be validated).
    enum Outcome: Sendable {
        case checked(String, valid: Bool)
        case problem(String)
    }

    static func outcome(label: String, value: JSONValue, schema: JSONSchema, format: Format) -> Outcome {
        do {
            let result = try schema.validate(value)
            return .checked(format == .text ? textLine(label: label, result: result) : jsonEntry(result).canonicalJSON, valid: result.isValid)
        } catch {
            return .problem("\(label): cannot validate: \(error.description)")
        }
    }

    static func outcome(line bytes: [UInt8], number: Int, jsonl: String, schema: JSONSchema, format: Format) -> Outcome? {
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        if bytes.contains(where: { $0 >= 0x80 }) {
            do { _ = try InputText.decode(bytes, file: jsonl, firstLine: number) } catch { return .problem(error.description) }
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { return .problem("\(jsonl):\(number): not JSON: \(error.description)") }
        return outcome(label: "\(jsonl):\(number)", value: value, schema: schema, format: format)
    }

    /// Every instance's outcome in input order, files first, then the JSON Lines file a batch of lines at a time;
    /// `body` returning false stops the reading.
    static func forEachOutcome(_ paths: [String], jsonl: String?, schema: JSONSchema, format: Format, _ body: (Outcome) -> Bool) {
        for path in paths {
            var problems: [String] = []
            guard let data = readText(path, problems: &problems) else { _ = body(.problem(problems.joined(separator: "; "))); return }
            let value: JSONValue
            do { value = try JSONParser.parse(data) } catch { _ = body(.problem("\(path): not JSON: \(error.description)")); return }
            guard body(outcome(label: path, value: value, schema: schema, format: format)) else { return }
        }
        guard let jsonl else { return }
        if let head = try? FileHandle(forReadingFrom: URL(fileURLWithPath: jsonl)).read(upToCount: 1024),
           let pointer = InputText.gitLFSPointer(head, displayPath: jsonl) {
            _ = body(.problem("\(jsonl):1: \(pointer)"))
            return
        }
        // Batches are checked on every core while the next one is read: reading and checking overlap.
        var batch: [(number: Int, bytes: [UInt8])] = []
        var inFlight: BatchCheck?
        var stopped = false
        /// Hands the batch checked before to `body` and starts checking `batch`; false when `body` stopped.
        func rotate() -> Bool {
            let next = batch.isEmpty ? nil : BatchCheck(batch, jsonl: jsonl, schema: schema, format: format)
            batch.removeAll(keepingCapacity: true)
            defer { inFlight = next }
            guard let previous = inFlight else { return true }
            return deliver(previous.outcomes(), body)
        }
        do {
            try LineReader(path: jsonl, maximumLineBytes: maximumLineBytes).forEach { line, number in
                switch line {
                case .tooLong:
                    if rotate(), rotate() {
                        _ = body(.problem("\(jsonl):\(number): longer than \(maximumLineBytes / (1 << 20)) MiB"))
                    }
                    stopped = true
                case .unreadable(let reason):
                    if rotate(), rotate() {
                        _ = body(.problem("\(jsonl): cannot read the instance file (\(reason))"))
                    }
                    stopped = true
                case .text(let bytes):
                    batch.append((number, bytes))
                    if batch.count >= 4096 { stopped = !rotate() }
                }
                return stopped ? .stop : .proceed
            }
            if !stopped, rotate() { _ = rotate() }
        } catch {
            _ = body(.problem("\(jsonl): cannot read the instance file (\(error.reason))"))
        }
        // A batch still being checked after a stop is waited for, never left running behind the caller's back.
        _ = inFlight?.outcomes()
    }

    /// A batch of lines being checked on every core, on a queue of its own, while the caller reads on.
    private final class BatchCheck: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: [[Outcome]] = []

        init(_ lines: [(number: Int, bytes: [UInt8])], jsonl: String, schema: JSONSchema, format: Format) {
            DispatchQueue.global().async { [self] in
                result = ParallelChunks.map(count: lines.count, minimum: 256) { range in
                    range.compactMap { index in
                        SchemaFileValidation.outcome(line: lines[index].bytes, number: lines[index].number, jsonl: jsonl, schema: schema, format: format)
                    }
                }
                done.signal()
            }
        }

        /// The outcomes in line order, once the check is done (waits for it; the first call only).
        func outcomes() -> [[Outcome]] {
            done.wait()
            done.signal()
            return result
        }
    }

    /// Hands `outcomes` to `body` in order; false when it stopped (a problem, or `body` said so).
    private static func deliver(_ outcomes: [[Outcome]], _ body: (Outcome) -> Bool) -> Bool {
        for outcome in outcomes.joined() {
            if case .problem = outcome {
                _ = body(outcome)
                return false
            }
            if !body(outcome) { return false }
        }
        return true
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
