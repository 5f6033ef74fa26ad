/// One version of an eval set's prompt: a system and a user template, identified by the id the eval set gives it.
public struct PromptVersion: Sendable {
    public let id: String
    /// The prompt file's path relative to the eval set directory.
    public let path: String
    public let system: PromptTemplate?
    public let user: PromptTemplate
    /// Few-shot turns sent before the user message, each a user and an assistant template.
    public let examples: [(user: PromptTemplate, assistant: PromptTemplate)]
    /// SHA-256 of the templates' text: changes whenever the prompt's wording changes.
    public let contentHash: String

    public init(
        id: String, path: String, system: PromptTemplate?, user: PromptTemplate,
        examples: [(user: PromptTemplate, assistant: PromptTemplate)] = []
    ) {
        self.id = id
        self.path = path
        self.system = system
        self.user = user
        self.examples = examples
        var fields: [String: JSONValue] = ["user": .string(user.source)]
        if let system { fields["system"] = .string(system.source) }
        if !examples.isEmpty {
            fields["examples"] = .array(examples.map { .object(["user": .string($0.user.source), "assistant": .string($0.assistant.source)]) })
        }
        contentHash = SHA256.hex(JSONValue.object(fields).canonicalJSON)
    }

    /// Every template with the role it fills, for checks that apply to all of them.
    public var templates: [(role: String, template: PromptTemplate)] {
        var all: [(String, PromptTemplate)] = []
        if let system { all.append(("system", system)) }
        for (index, example) in examples.enumerated() {
            all.append(("examples[\(index)].user", example.user))
            all.append(("examples[\(index)].assistant", example.assistant))
        }
        all.append(("user", user))
        return all
    }

    /// The chat messages for one case.
    public func messages(for evalCase: EvalCase) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let system { messages.append(ChatMessage(role: .system, content: system.render(evalCase.vars))) }
        for example in examples {
            messages.append(ChatMessage(role: .user, content: example.user.render(evalCase.vars)))
            messages.append(ChatMessage(role: .assistant, content: example.assistant.render(evalCase.vars)))
        }
        messages.append(ChatMessage(role: .user, content: user.render(evalCase.vars)))
        return messages
    }
}
