import Foundation

/// Reads one line of a feedback file (`evalctl feedback import`), naming the file, line and field in every problem.
///
/// ```json
/// {"id": "c-81", "input": "Capital of Peru?", "output": "Quito", "rating": "down", "correction": "Lima"}
/// {"id": "c-82", "input": [{"role": "user", "content": "Hi"}], "output": "Hello!", "rating": 4, "rating_scale": "1-5"}
/// ```
struct FeedbackLine {
    static let fields: Set<String> = [
        "correction", "id", "input", "model", "output", "prompt_version", "rating", "rating_scale", "time", "user",
    ]
    static let messageFields: Set<String> = ["content", "role"]

    let file: String
    let number: Int

    /// The record on the line, or the first problem with it. Its content hash is over the line as canonical JSON without
    /// null keys, so key order, spacing and `"user": null` against no `user` are the same record.
    func record(fromLine bytes: [UInt8], importedAt: Date) throws(InputProblem) -> FeedbackRecord {
        if let offset = InputText.invalidOffset(in: bytes) {
            throw InputProblem(file: file, line: number, column: offset + 1, message: "not valid UTF-8; save the file as UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw InputProblem(file: file, line: number, column: error.column, message: "malformed JSON: \(error.message) (each line must be one JSON object)")
        }
        if let duplicate = JSONDuplicateKey.first(in: bytes) {
            throw InputProblem(file: file, line: number, column: duplicate.column, message: "key \"\(duplicate.key)\" appears twice")
        }
        return try record(from: value, importedAt: importedAt)
    }

    func record(from value: JSONValue, importedAt: Date) throws(InputProblem) -> FeedbackRecord {
        guard let object = value.objectValue else { throw problem("expected a JSON object, found \(value.typeName)") }
        for name in object.keys.sorted() where !Self.fields.contains(name) {
            throw problem(NameSuggestion.unknown("key", name, known: Self.fields.sorted()))
        }
        let id = try string("id", in: object, required: true, what: "the record's id in production, a non-empty string")!
        guard !id.isEmpty else { throw problem("\"id\" must not be empty") }
        guard let input = object["input"] else { throw problem("missing \"input\" (a string, or chat messages [{\"role\", \"content\"}])") }
        try checkInput(input)
        let output = try string("output", in: object, required: true, what: "the answer that was rated, a string")!
        let time = try timestamp(object["time"])
        return FeedbackRecord(
            id: id, input: input, output: output, rating: try rating(object["rating"], scale: object["rating_scale"]),
            user: try string("user", in: object), promptVersion: try string("prompt_version", in: object),
            model: try string("model", in: object), time: time, correction: try string("correction", in: object),
            contentHash: SHA256.hex(JSONValue.object(object.filter { $0.value != .null }).canonicalJSON), importedAt: importedAt)
    }

    private func problem(_ message: String) -> InputProblem {
        InputProblem(file: file, line: number, message: message)
    }

    private func string(_ name: String, in object: [String: JSONValue], required: Bool = false, what: String = "a string") throws(InputProblem) -> String? {
        guard let value = object[name], required || value != .null else {
            if required { throw problem("missing \"\(name)\" (\(what))") }
            return nil
        }
        guard let text = value.stringValue else {
            throw problem("\"\(name)\" must be a string\(required ? "" : " or null"), found \(value.typeName)")
        }
        return text
    }

    private func checkInput(_ input: JSONValue) throws(InputProblem) {
        if input.stringValue != nil { return }
        guard let messages = input.arrayValue else {
            throw problem("\"input\" must be a string or chat messages [{\"role\", \"content\"}], found \(input.typeName)")
        }
        guard !messages.isEmpty else { throw problem("\"input\" has no messages") }
        for (index, message) in messages.enumerated() {
            let path = "input[\(index)]"
            guard let fields = message.objectValue else { throw problem("\"\(path)\" must be an object with \"role\" and \"content\", found \(message.typeName)") }
            for name in fields.keys.sorted() where !Self.messageFields.contains(name) {
                throw problem(NameSuggestion.unknown("key", "\(path).\(name)", known: Self.messageFields.sorted().map { "\(path).\($0)" }))
            }
            for name in ["role", "content"] where fields[name]?.stringValue == nil {
                throw problem("\"\(path).\(name)\" must be a string, found \(fields[name]?.typeName ?? "nothing")")
            }
        }
    }

    private func rating(_ value: JSONValue?, scale: JSONValue?) throws(InputProblem) -> FeedbackRating {
        guard let value else { throw problem("missing \"rating\" (\"up\", \"down\", or a number with \"rating_scale\")") }
        if let text = value.stringValue {
            guard text == "up" || text == "down" else {
                throw problem("\"rating\" must be \"up\", \"down\" or a number, found \(JSONValue.string(text).canonicalJSON.prefix(40))")
            }
            if scale != nil { throw problem("\"rating_scale\" goes with a numeric rating, not \"\(text)\"") }
            return .thumb(down: text == "down")
        }
        guard let number = value.doubleValue, number.isFinite else {
            throw problem("\"rating\" must be \"up\", \"down\" or a number, found \(value.typeName)")
        }
        guard let scale else { throw problem("a numeric \"rating\" needs \"rating_scale\", e.g. \"1-5\" or {\"min\": 1, \"max\": 5}") }
        let (minimum, maximum) = try bounds(of: scale)
        guard (minimum...maximum).contains(number) else {
            throw problem("\"rating\" \(value.canonicalJSON) is outside its scale \(Self.scaleText(minimum, maximum))")
        }
        return .score(number, minimum: minimum, maximum: maximum)
    }

    private func bounds(of scale: JSONValue) throws(InputProblem) -> (Double, Double) {
        let expected = "\"rating_scale\" must be \"MIN-MAX\" (e.g. \"1-5\") or {\"min\": 1, \"max\": 5} with min < max"
        var pair: (Double, Double)?
        if let text = scale.stringValue {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 2, let low = Double(parts[0].trimmingCharacters(in: .whitespaces)),
               let high = Double(parts[1].trimmingCharacters(in: .whitespaces)) { pair = (low, high) }
        } else if let object = scale.objectValue, Set(object.keys) == ["min", "max"],
                  let low = object["min"]?.doubleValue, let high = object["max"]?.doubleValue {
            pair = (low, high)
        }
        guard let pair, pair.0.isFinite, pair.1.isFinite, pair.0 < pair.1 else {
            throw problem("\(expected), found \(scale.canonicalJSON.prefix(40))")
        }
        return pair
    }

    static func scaleText(_ minimum: Double, _ maximum: Double) -> String {
        "\(JSONValue.number(minimum).canonicalJSON)–\(JSONValue.number(maximum).canonicalJSON)"
    }

    private func timestamp(_ value: JSONValue?) throws(InputProblem) -> Date? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue, let date = Self.date(text) else {
            throw problem("\"time\" must be an ISO 8601 time with a zone, e.g. 2026-12-01T09:30:00Z or 2026-12-01T10:30:00+01:00, found \(value.canonicalJSON.prefix(60))")
        }
        return date
    }

    /// RFC 3339 (ISO 8601 with `Z` or an offset, optional fraction); a time without a zone is ambiguous, so refused.
    static func date(_ text: String) -> Date? {
        if let date = CassetteTimestamp.parse(text) { return date }
        // The formatter rolls 30 February over into March; the fields must be a real date and time first.
        guard CassetteTimestamp.parse(String(text.prefix(19)) + "Z") != nil else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
