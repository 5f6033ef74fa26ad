import Foundation

/// Reads the parts of OpenAI's chat-completions wire format evalctl uses, from parsed JSON.
enum OpenAIWireFormat {
    /// The request body without its transport fields: the config's parameters, the request's (which win), the reply
    /// format, the model and the messages.
    static func body(for request: ChatRequest, model: String, parameters: [String: JSONValue]) -> [String: JSONValue] {
        var body = parameters.merging(request.parameters) { _, perRequest in perRequest }
        if let format = request.replyFormat { body["response_format"] = responseFormat(format) }
        body["model"] = .string(model)
        body["messages"] = .array(request.messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) })
        return body
    }

    /// A non-streaming `chat.completion` body.
    static func completion(_ body: [UInt8], latency: Double) throws -> ChatCompletion {
        guard let value = try? JSONParser.parse(body), case .object = value else {
            throw BackendError.malformedAnswer("not a chat completion: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        guard let choice = value["choices"]?.arrayValue?.first else { throw BackendError.malformedAnswer("the completion has no choices") }
        return ChatCompletion(
            content: choice["message"]?["content"]?.stringValue ?? "", model: value["model"]?.stringValue,
            finishReason: choice["finish_reason"]?.stringValue, systemFingerprint: value["system_fingerprint"]?.stringValue,
            promptTokens: value["usage"]?["prompt_tokens"]?.intValue,
            completionTokens: value["usage"]?["completion_tokens"]?.intValue, latency: latency)
    }

    /// OpenAI's structured-output field for a reply format: `{"type": "json_schema", "json_schema": {name, strict, schema}}`.
    static func responseFormat(_ format: ReplyFormat) -> JSONValue {
        switch format {
        case .jsonSchema(let name, let schema):
            .object(["type": .string("json_schema"),
                     "json_schema": .object(["name": .string(name), "strict": .bool(true), "schema": schema])])
        }
    }

    /// The `error` object of an error body or a stream event, as `code: message`.
    static func errorDescription(_ error: JSONValue) -> String {
        let kind = error["code"].flatMap { $0 == .null ? nil : $0.plainText } ?? error["type"]?.stringValue
        return [kind, error["message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
    }

    /// The message an error body carries, or the start of the body when it is not OpenAI's error shape.
    static func errorMessage(from body: [UInt8]) -> String {
        if let value = try? JSONParser.parse(body), let error = value["error"], case .object = error {
            return errorDescription(error)
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }
}

extension JSONValue {
    /// The number as an `Int`, when it is a whole number.
    var intValue: Int? {
        guard case .number(let value) = self, value == value.rounded(), abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}
