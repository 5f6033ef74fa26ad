import Foundation

/// The parts of a chat-completions request body the stub acts on.
public struct StubChatRequest: Sendable, Equatable {
    /// One entry of `messages`, with its content flattened to text.
    public struct Message: Sendable, Equatable {
        /// `system`, `user`, `assistant`, `developer` or `tool`.
        public var role: String
        /// A string `content` as is; an array of content parts joined from their `text` fields.
        public var text: String

        /// A message with the given role and text.
        public init(role: String, text: String) {
            self.role = role
            self.text = text
        }
    }

    /// The request's `model`.
    public var model: String
    /// The request's `messages`, in order.
    public var messages: [Message]
    /// The request's `stream` flag.
    public var stream: Bool
    /// The request's `stream_options.include_usage` flag.
    public var includeUsage: Bool

    /// A request built in code, e.g. to unit-test an answer mode.
    public init(model: String, messages: [Message], stream: Bool = false, includeUsage: Bool = false) {
        self.model = model
        self.messages = messages
        self.stream = stream
        self.includeUsage = includeUsage
    }

    /// Parses a request body, failing with the 400 error OpenAI would send.
    public init(parsing body: Data) throws(OpenAIWireError) {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw .invalidRequest(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
            )
        }
        guard let model = object["model"] as? String, !model.isEmpty else {
            throw .invalidRequest("you must provide a model parameter")
        }
        guard let rawMessages = object["messages"] as? [Any] else {
            throw .invalidRequest("Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter")
        }
        guard !rawMessages.isEmpty else {
            throw .invalidRequest(
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                param: "messages", code: "empty_array"
            )
        }
        var messages: [Message] = []
        messages.reserveCapacity(rawMessages.count)
        for (index, rawMessage) in rawMessages.enumerated() {
            guard let message = rawMessage as? [String: Any], let role = message["role"] as? String else {
                throw .invalidRequest("Missing required parameter: 'messages[\(index)].role'.",
                                      param: "messages[\(index)].role", code: "missing_required_parameter")
            }
            messages.append(Message(role: role, text: Self.flattenContent(message["content"])))
        }
        self.model = model
        self.messages = messages
        stream = (object["stream"] as? Bool) ?? false
        includeUsage = ((object["stream_options"] as? [String: Any])?["include_usage"] as? Bool) ?? false
    }

    /// Parses the body of `request`.
    public init(_ request: StubRequest) throws(OpenAIWireError) {
        try self.init(parsing: request.body)
    }

    /// Text of the last message with role `user`, if any.
    public var lastUserText: String? {
        messages.last { $0.role == "user" }?.text
    }

    /// A rough prompt token count: about four bytes a token plus a few per message.
    public var approximatePromptTokens: Int {
        messages.reduce(3) { $0 + 3 + OpenAIWire.approximateTokenCount($1.text) }
    }

    private static func flattenContent(_ content: Any?) -> String {
        if let text = content as? String { return text }
        if let parts = content as? [Any] {
            return parts.compactMap { ($0 as? [String: Any])?["text"] as? String }.joined(separator: "\n")
        }
        return ""
    }
}
