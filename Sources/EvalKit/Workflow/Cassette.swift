import Foundation

/// A cassette: response-cache answers as JSON Lines, what `evalctl cache export` writes and `cache import` loads, so a
/// repository can commit a run's answers and CI can replay them with `run --cache only` and no API key.
///
/// Each line is one answer as canonical JSON (keys sorted, no spaces), and lines are sorted by key, so exporting the
/// same answers again gives the same bytes and a committed cassette diffs cleanly:
///
/// ```
/// {"answer":{"completion_tokens":1,"finish_reason":"stop",…,"output":"Paris"},"cassette":1,"endpoint":…,"key":"3f…",…}
/// ```
public enum Cassette {
    /// The format version every line carries (`"cassette": 1`); a reader refuses versions it does not know.
    public static let version = 1
    /// The longest line a reader accepts, so a file with no newlines cannot make it buffer without end.
    public static let maximumLineBytes = 64 * 1024 * 1024

    static let fields: Set<String> = ["answer", "cassette", "endpoint", "key", "model", "recorded_at", "request", "sample", "wire_type"]
    static let answerFields: Set<String> = [
        "completion_tokens", "finish_reason", "latency_ms", "output", "prompt_tokens", "served_model", "system_fingerprint", "ttft_ms",
    ]

    /// `answer` as one cassette line (without its newline).
    public static func line(for answer: CachedAnswer) throws(CassetteError) -> String {
        guard let request = try? JSONValue(parsing: Data(answer.request.utf8)) else {
            throw .storedRequestNotJSON(key: answer.key)
        }
        let optionalString: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        let optionalNumber: (Double?) -> JSONValue = { $0.map(JSONValue.number) ?? .null }
        return JSONValue.object([
            "answer": .object([
                "output": .string(answer.output), "finish_reason": optionalString(answer.finishReason),
                "prompt_tokens": optionalNumber(answer.promptTokens.map(Double.init)),
                "completion_tokens": optionalNumber(answer.completionTokens.map(Double.init)),
                "system_fingerprint": optionalString(answer.systemFingerprint), "served_model": optionalString(answer.servedModel),
                "latency_ms": optionalNumber(answer.latencyMs), "ttft_ms": optionalNumber(answer.ttftMs),
            ]),
            "cassette": .number(Double(version)), "key": .string(answer.key), "wire_type": .string(answer.wireType),
            "endpoint": .string(answer.endpoint), "model": .string(answer.model), "sample": .number(Double(answer.sample)),
            "request": request, "recorded_at": .string(CassetteTimestamp.format(answer.recordedAt)),
        ]).canonicalJSON
    }

    /// The cassette of `answers`: one line each, ending in a newline, in key order.
    public static func data(of answers: [CachedAnswer]) throws(CassetteError) -> Data {
        var data = Data()
        for answer in answers.sorted(by: { $0.key < $1.key }) {
            data.append(contentsOf: try line(for: answer).utf8)
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    /// The answer on one line of a cassette (`number` is 1-based, for problems), checked field by field.
    public static func answer(fromLine bytes: [UInt8], file: String, number: Int) throws(InputProblem) -> CachedAnswer {
        if let offset = InputText.invalidOffset(in: bytes) {
            throw InputProblem(file: file, line: number, column: offset + 1, message: "not valid UTF-8; save the cassette as UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw InputProblem(file: file, line: number, column: error.column, message: "malformed JSON: \(error.message)")
        }
        if let duplicate = JSONDuplicateKey.first(in: bytes) {
            throw InputProblem(file: file, line: number, column: duplicate.column, message: "key \"\(duplicate.key)\" appears twice")
        }
        return try CassetteLine(file: file, number: number).answer(from: value)
    }
}

/// Why a cassette cannot be written.
public enum CassetteError: Error, Sendable, DescribedError {
    /// The run has no answer to export (every case errored or was skipped): bad usage, not an empty file.
    case nothingToExport(runID: Int64)
    /// A stored request that is not JSON (the database was written by something else).
    case storedRequestNotJSON(key: String)

    public var description: String {
        switch self {
        case .nothingToExport(let runID):
            "run \(runID) has no answers to export (every case errored or was skipped); no cassette written"
        case .storedRequestNotJSON(let key): "the stored request of cache entry \(key) is not JSON; cannot export it"
        }
    }

    /// Whether the error is the user's to fix (exit 2) rather than the database's (exit 3).
    public var isBadInput: Bool {
        if case .nothingToExport = self { return true }
        return false
    }
}

/// Reads the fields of one cassette line, naming the file, line and field in every problem.
struct CassetteLine {
    let file: String
    let number: Int

    func answer(from value: JSONValue) throws(InputProblem) -> CachedAnswer {
        guard let object = value.objectValue else { throw problem("expected a JSON object, found \(value.typeName)") }
        try checkKeys(of: object, known: Cassette.fields, in: nil)
        guard let version = object["cassette"] else { throw problem("missing \"cassette\" (the format version, 1)") }
        guard version == .number(Double(Cassette.version)) else {
            throw problem("\"cassette\" is \(version.canonicalJSON): this evalctl reads cassette version \(Cassette.version)")
        }
        let key = try string("key", in: object)
        guard key.utf8.count == 64, key.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw problem("\"key\" must be 64 lowercase hex digits (a SHA-256), found \(JSONValue.string(key).canonicalJSON.prefix(80))")
        }
        guard let request = object["request"] else { throw problem("missing \"request\" (the request body, a JSON object)") }
        guard request.objectValue != nil else { throw problem("\"request\" must be a JSON object, found \(request.typeName)") }
        let recordedText = try string("recorded_at", in: object)
        guard let recordedAt = CassetteTimestamp.parse(recordedText) else {
            throw problem("\"recorded_at\" must be a UTC time such as 2026-01-31T12:00:00.000Z, found \(JSONValue.string(recordedText).canonicalJSON.prefix(80))")
        }
        guard let answerValue = object["answer"] else { throw problem("missing \"answer\" (an object with \"output\")") }
        guard let answer = answerValue.objectValue else { throw problem("\"answer\" must be an object, found \(answerValue.typeName)") }
        try checkKeys(of: answer, known: Cassette.answerFields, in: "answer")
        return CachedAnswer(
            key: key, wireType: try string("wire_type", in: object), endpoint: try string("endpoint", in: object),
            model: try string("model", in: object), sample: try integer("sample", in: object, required: true)!,
            request: request.canonicalJSON, output: try string("output", in: answer, parent: "answer"),
            finishReason: try optionalString("finish_reason", in: answer), promptTokens: try integer("prompt_tokens", in: answer, parent: "answer"),
            completionTokens: try integer("completion_tokens", in: answer, parent: "answer"),
            systemFingerprint: try optionalString("system_fingerprint", in: answer), servedModel: try optionalString("served_model", in: answer),
            latencyMs: try milliseconds("latency_ms", in: answer), ttftMs: try milliseconds("ttft_ms", in: answer), recordedAt: recordedAt)
    }

    private func problem(_ message: String) -> InputProblem {
        InputProblem(file: file, line: number, message: message)
    }

    private func checkKeys(of object: [String: JSONValue], known: Set<String>, in parent: String?) throws(InputProblem) {
        let path: (String) -> String = { name in parent.map { "\($0).\(name)" } ?? name }
        for name in object.keys.sorted() where !known.contains(name) {
            throw problem(NameSuggestion.unknown("key", path(name), known: known.sorted().map(path)))
        }
    }

    private func string(_ name: String, in object: [String: JSONValue], parent: String? = nil) throws(InputProblem) -> String {
        let path = parent.map { "\($0).\(name)" } ?? name
        guard let value = object[name] else { throw problem("missing \"\(path)\" (a string)") }
        guard let text = value.stringValue else { throw problem("\"\(path)\" must be a string, found \(value.typeName)") }
        return text
    }

    private func optionalString(_ name: String, in object: [String: JSONValue]) throws(InputProblem) -> String? {
        guard let value = object[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw problem("\"answer.\(name)\" must be a string or null, found \(value.typeName)") }
        return text
    }

    private func integer(_ name: String, in object: [String: JSONValue], parent: String? = nil, required: Bool = false) throws(InputProblem) -> Int? {
        let path = parent.map { "\($0).\(name)" } ?? name
        guard let value = object[name], value != .null else {
            if required { throw problem("missing \"\(path)\" (a whole number, 0 or more)") }
            return nil
        }
        guard let number = value.doubleValue, number >= 0, number == number.rounded(), number < 1e15 else {
            throw problem("\"\(path)\" must be a whole number, 0 or more\(required ? "" : ", or null"), found \(value.canonicalJSON.prefix(40))")
        }
        return Int(number)
    }

    private func milliseconds(_ name: String, in object: [String: JSONValue]) throws(InputProblem) -> Double? {
        guard let value = object[name], value != .null else { return nil }
        guard let number = value.doubleValue, number >= 0, number.isFinite else {
            throw problem("\"answer.\(name)\" must be a number of milliseconds, 0 or more, or null, found \(value.canonicalJSON.prefix(40))")
        }
        return number
    }
}

extension Cassette {
    /// Stores cassette answers (read and checked first by `CassetteReader`) in one transaction; returns how many of
    /// their keys were new to the store (the rest replaced what was stored under the same key).
    public static func load(_ answers: [CachedAnswer], into store: any ResultStore) async throws -> Int {
        answers.isEmpty ? 0 : try await store.storeCachedAnswers(answers)
    }

    /// The cassette of run `id`: what it read from or recorded in the cache, and the answers of its results when it
    /// did not use the cache. A run with no answer is `CassetteError.nothingToExport`.
    public static func export(run id: Int64, from store: any ResultStore) async throws -> (data: Data, answers: Int) {
        let answers = try await store.cachedAnswers(ofRun: id)
        guard !answers.isEmpty else { throw CassetteError.nothingToExport(runID: id) }
        return (try data(of: answers), answers.count)
    }
}
