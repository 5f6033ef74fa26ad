import Foundation

/// Reads and writes the parts of Anthropic's Messages wire format evalctl uses, from parsed JSON.
enum AnthropicWireFormat {
    /// The API requires `max_tokens`; this is sent when neither the backend's nor the request's params set it.
    static let defaultMaxTokens = 1024

    /// The `anthropic-version` header every request carries.
    static let apiVersion = "2023-06-01"

    /// The request body without its transport field (`stream`): the config's parameters, the request's (which win),
    /// `max_tokens`, the system messages as the top-level `system`, the model and the other messages.
    ///
    /// A reply format is not sent (the API has no `response_format`; a judge's prompt asks for JSON itself), nor is
    /// `seed`, which the API rejects and has no equivalent for.
    static func body(for request: ChatRequest, model: String, parameters: [String: JSONValue]) -> [String: JSONValue] {
        var body = parameters.merging(request.parameters) { _, perRequest in perRequest }
        body["seed"] = nil
        if body["max_tokens"] == nil { body["max_tokens"] = .number(Double(defaultMaxTokens)) }
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        body["model"] = .string(model)
        body["messages"] = .array(request.messages.filter { $0.role != .system }.map {
            .object(["role": .string($0.role.rawValue), "content": .string($0.content)])
        })
        return body
    }

    /// A non-streaming `message` body.
    static func completion(_ body: [UInt8], latency: Double) throws -> ChatCompletion {
        guard let value = try? JSONParser.parse(body), value["type"]?.stringValue == "message" else {
            throw BackendError.malformedAnswer("not a message: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        guard let blocks = value["content"]?.arrayValue else { throw BackendError.malformedAnswer("the message has no content array") }
        // Only text blocks are the answer; thinking blocks are the model's reasoning, counted in output_tokens.
        let text = blocks.filter { $0["type"]?.stringValue == "text" }.compactMap { $0["text"]?.stringValue }.joined()
        var completion = ChatCompletion(content: text, model: value["model"]?.stringValue,
                                        finishReason: value["stop_reason"]?.stringValue, latency: latency)
        if let usage = value["usage"] { Usage(usage).apply(to: &completion) }
        return completion
    }

    /// `usage` of a message, or the cumulative usage of a `message_delta` (whose input counts may be absent).
    struct Usage {
        var input: Int?
        var cacheCreation: Int?
        var cacheRead: Int?
        var output: Int?

        init(_ usage: JSONValue) {
            input = usage["input_tokens"]?.intValue
            cacheCreation = usage["cache_creation_input_tokens"]?.intValue
            cacheRead = usage["cache_read_input_tokens"]?.intValue
            output = usage["output_tokens"]?.intValue
        }

        /// Later figures replace earlier ones field by field (`message_delta` usage is cumulative).
        mutating func update(with later: Usage) {
            input = later.input ?? input
            cacheCreation = later.cacheCreation ?? cacheCreation
            cacheRead = later.cacheRead ?? cacheRead
            output = later.output ?? output
        }

        /// Prompt tokens are every input token, cached or not; the cache parts are kept as well.
        func apply(to completion: inout ChatCompletion) {
            if input != nil || cacheCreation != nil || cacheRead != nil {
                completion.promptTokens = (input ?? 0) + (cacheCreation ?? 0) + (cacheRead ?? 0)
            }
            completion.cacheCreationInputTokens = cacheCreation
            completion.cacheReadInputTokens = cacheRead
            completion.completionTokens = output
        }
    }

    /// The HTTP status an `error` object's type stands for: an `error` event inside a 200 stream becomes the
    /// error the same failure has as a response, so `overloaded_error` is a retried 529 the adaptive limit sees.
    static func status(ofErrorType type: String?) -> Int {
        switch type {
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "billing_error": 402
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        case "rate_limit_error": 429
        case "timeout_error", "gateway_timeout_error": 504
        case "overloaded_error": 529
        default: 500
        }
    }

    /// The `error` object of an error body or event, as `type: message`.
    static func errorDescription(_ error: JSONValue) -> String {
        [error["type"]?.stringValue, error["message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
    }

    /// The message an error body carries, or the start of the body when it is not Anthropic's error shape.
    static func errorMessage(from body: [UInt8]) -> String {
        if let value = try? JSONParser.parse(body), let error = value["error"], case .object = error {
            return errorDescription(error)
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }
}
