/// One version of an eval set's prompt: a system and a user template, identified by the id the eval set gives it.
public struct PromptVersion: Sendable {
    public let id: String
    /// The prompt file's path relative to the eval set directory.
    public let path: String
    public let system: PromptTemplate?
    public let user: PromptTemplate
    /// SHA-256 of the templates' text: changes whenever the prompt's wording changes.
    public let contentHash: String

    public init(id: String, path: String, system: PromptTemplate?, user: PromptTemplate) {
        self.id = id
        self.path = path
        self.system = system
        self.user = user
        var fields: [String: JSONValue] = ["user": .string(user.source)]
        if let system { fields["system"] = .string(system.source) }
        contentHash = SHA256.hex(JSONValue.object(fields).canonicalJSON)
    }

    /// The chat messages for one case.
    public func messages(for evalCase: EvalCase) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let system { messages.append(ChatMessage(role: .system, content: system.render(evalCase.vars))) }
        messages.append(ChatMessage(role: .user, content: user.render(evalCase.vars)))
        return messages
    }
}
