import Foundation

/// One result's fields as the explorer's script reads them, each text cut to `limit` UTF-8 bytes (the full size is
/// kept under `cut`, so the page can say what it left out):
///
/// `st` status · `in` the rendered messages as `[role, content]` · `ex` the expected answer, or `exn` the index of the
/// note saying why there is none · `out` output · `err` error or skip reason, `ek` who failed (backend, scorer) ·
/// `sc` scores as `[scorer, value, threshold, passed, reason]` · `fl` review flags · `ms` latency · `tok` prompt and
/// completion tokens · `m` the model that answered · `fr` the finish reason, `rf` true when it says the model declined
/// (`FinishReason.isRefusal`) · `cut` the full size of each cut field (`out`, `in.0`, `sc.1`, …).
struct CaseFields {
    let limit: Int
    private var cut: [(field: String, bytes: Int)] = []

    init(limit: Int) {
        self.limit = limit
    }

    /// `text` cut to at most `limit` UTF-8 bytes at a character boundary; `fullBytes` is its size when it was cut.
    static func capped(_ text: String, limit: Int) -> (text: String, fullBytes: Int?) {
        let size = text.utf8.count
        guard size > limit else { return (text, nil) }
        var kept = 0
        var end = text.startIndex
        for index in text.indices {
            let next = text.index(after: index)
            let width = text.utf8.distance(from: index, to: next)
            if kept + width > limit { break }
            kept += width
            end = next
        }
        return (String(text[..<end]), size)
    }

    /// The messages of a stored request (`ChatRequest.storedJSON`); the raw text as one message when it is not that.
    static func messages(ofRequest request: String) -> [(role: String, content: String)] {
        guard let parsed = try? JSONValue(parsing: Data(request.utf8)), let messages = parsed["messages"]?.arrayValue else {
            return request.isEmpty || request == "{}" ? [] : [("request", request)]
        }
        return messages.map { ($0["role"]?.stringValue ?? "?", $0["content"]?.stringValue ?? $0["content"].map(\.canonicalJSON) ?? "") }
    }

    mutating func write(_ stored: StoredResult, status: ResultStatus? = nil, expected: ExpectedAnswer, input: Bool, output: Bool,
                        notes: inout NoteTable, into json: inout ScriptJSON) {
        let result = stored.result
        json.key("st"); json.string((status ?? result.status).rawValue)
        if input {
            json.key("in")
            json.array { json in
                for (index, message) in Self.messages(ofRequest: result.request).enumerated() {
                    json.array { json in
                        json.string(message.role)
                        json.string(text(message.content, field: "in.\(index)"))
                    }
                }
            }
        }
        if let answer = expected.text {
            json.key("ex"); json.string(text(answer, field: "ex"))
        } else {
            json.key("exn"); json.number(notes.index(of: expected.missing ?? "not known"))
        }
        if output, let out = result.output {
            json.key("out"); json.string(text(out, field: "out"))
        }
        if let error = result.error {
            json.key("err"); json.string(text(error, field: "err"))
            if let kind = result.errorKind { json.key("ek"); json.string(kind.rawValue) }
        }
        if !stored.scores.isEmpty {
            json.key("sc")
            json.array { json in
                for (index, score) in stored.scores.enumerated() {
                    json.array { json in
                        json.string(score.scorer)
                        json.number(score.value)
                        json.number(score.threshold)
                        json.bool(score.passed)
                        json.string(text(score.reason, field: "sc.\(index)"))
                    }
                }
            }
        }
        if let flags = result.flags, !flags.isEmpty {
            json.key("fl"); json.array { json in for flag in flags { json.string(text(flag, field: "fl")) } }
        }
        if let latency = result.latencyMs { json.key("ms"); json.number(latency) }
        if let prompt = result.promptTokens, let completion = result.completionTokens {
            json.key("tok"); json.array { json in json.number(prompt); json.number(completion) }
        }
        if let reason = result.finishReason {
            json.key("fr"); json.string(text(reason, field: "fr"))
            if FinishReason.isRefusal(reason) { json.key("rf"); json.bool(true) }
        }
        let fallback = result.answeredBy.flatMap { $0 == result.backend ? nil : $0 }
        json.key("m"); json.string(text(fallback.map { "\(result.model) (answered by fallback \($0))" } ?? result.model, field: "m"))
        if !cut.isEmpty {
            json.key("cut")
            json.object { json in for entry in cut { json.key(entry.field); json.number(entry.bytes) } }
        }
    }

    private mutating func text(_ value: String, field: String) -> String {
        let (text, fullBytes) = Self.capped(value, limit: limit)
        if let fullBytes { cut.append((field, fullBytes)) }
        return text
    }
}
