/// One version of an eval set's prompt, identified by the id the eval set gives it. Written in one of three forms:
/// - `system` (optional), `examples` (optional few-shot turns) and `user` templates;
/// - `messages`: any list of `{role, content}` templates (a chat prompt imported from another tool);
/// - `messages_var`: the name of a case variable holding each case's whole conversation (OpenAI Evals' chat inputs).
public struct PromptVersion: Sendable {
    public let id: String
    /// The prompt file's path relative to the eval set directory.
    public let path: String
    /// The templates in the order they are sent, each with its role and where it was written (`user`,
    /// `examples[0].assistant`, `messages[2]`); empty for a `messages_var` prompt.
    public let turns: [Turn]
    /// The case variable holding the conversation, for a `messages_var` prompt.
    public let conversationVariable: String?
    /// SHA-256 of the templates' text: changes whenever the prompt's wording changes.
    public let contentHash: String

    public struct Turn: Sendable {
        public let role: ChatMessage.Role
        public let template: PromptTemplate
        /// Where the template was written in the prompt file.
        public let label: String
    }

    public init(
        id: String, path: String, system: PromptTemplate?, user: PromptTemplate,
        examples: [(user: PromptTemplate, assistant: PromptTemplate)] = []
    ) {
        var turns: [Turn] = []
        if let system { turns.append(Turn(role: .system, template: system, label: "system")) }
        for (index, example) in examples.enumerated() {
            turns.append(Turn(role: .user, template: example.user, label: "examples[\(index)].user"))
            turns.append(Turn(role: .assistant, template: example.assistant, label: "examples[\(index)].assistant"))
        }
        turns.append(Turn(role: .user, template: user, label: "user"))
        var fields: [String: JSONValue] = ["user": .string(user.source)]
        if let system { fields["system"] = .string(system.source) }
        if !examples.isEmpty {
            fields["examples"] = .array(examples.map { .object(["user": .string($0.user.source), "assistant": .string($0.assistant.source)]) })
        }
        self.init(id: id, path: path, turns: turns, conversationVariable: nil, hashed: fields)
    }

    /// A `messages:` prompt: the templates in order, with their roles.
    public init(id: String, path: String, messages: [(role: ChatMessage.Role, template: PromptTemplate)]) {
        let turns = messages.enumerated().map { Turn(role: $1.role, template: $1.template, label: "messages[\($0)]") }
        let fields: [String: JSONValue] = [
            "messages": .array(messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.template.source)]) }),
        ]
        self.init(id: id, path: path, turns: turns, conversationVariable: nil, hashed: fields)
    }

    /// A `messages_var:` prompt: each case's variable `variable` is its conversation.
    public init(id: String, path: String, conversationVariable variable: String) {
        self.init(id: id, path: path, turns: [], conversationVariable: variable, hashed: ["messages_var": .string(variable)])
    }

    private init(id: String, path: String, turns: [Turn], conversationVariable: String?, hashed fields: [String: JSONValue]) {
        self.id = id
        self.path = path
        self.turns = turns
        self.conversationVariable = conversationVariable
        contentHash = SHA256.hex(JSONValue.object(fields).canonicalJSON)
    }

    /// Every template with the place it fills, for checks that apply to all of them.
    public var templates: [(role: String, template: PromptTemplate)] {
        turns.map { ($0.label, $0.template) }
    }

    /// The chat messages for one case.
    public func messages(for evalCase: EvalCase) -> [ChatMessage] {
        if let conversationVariable {
            // The loader has checked every case's conversation (`conversationProblem`); nothing else reaches here.
            return Self.conversation(evalCase.vars[conversationVariable]) ?? []
        }
        return turns.map { ChatMessage(role: $0.role, content: $0.template.render(evalCase.vars)) }
    }

    /// `value` as a conversation: a non-empty list of `{"role": "system"|"user"|"assistant", "content": "…"}`.
    static func conversation(_ value: JSONValue?) -> [ChatMessage]? {
        guard let items = value?.arrayValue, !items.isEmpty else { return nil }
        var messages: [ChatMessage] = []
        for item in items {
            guard let object = item.objectValue, object.count == 2, let roleName = object["role"]?.stringValue,
                  let role = ChatMessage.Role(rawValue: roleName), let content = object["content"]?.stringValue else { return nil }
            messages.append(ChatMessage(role: role, content: content))
        }
        return messages
    }

    /// Why a case's conversation variable cannot be sent, or nil when it can.
    func conversationProblem(_ evalCase: EvalCase) -> String? {
        guard let conversationVariable else { return nil }
        guard let value = evalCase.vars[conversationVariable] else {
            return "case '\(evalCase.id)' does not provide '\(conversationVariable)', which prompt '\(id)' sends as the conversation"
        }
        guard Self.conversation(value) != nil else {
            return "case '\(evalCase.id)': '\(conversationVariable)' must be a non-empty list of {\"role\": \"system\"|\"user\"|\"assistant\", \"content\": \"…\"} messages (prompt '\(id)' sends it as the conversation)"
        }
        return nil
    }
}
