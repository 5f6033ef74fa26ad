import Foundation
import Testing
@testable import EvalKit

/// The three ways to write a prompt file (`system`/`examples`/`user`, `messages:`, `messages_var:`), from the
/// `prompt-forms` fixture, and what lint says about each mistake in them, at its file and line.
@Suite("Prompt forms: messages and messages_var")
struct PromptFormTests {
    private let loader = EvalSetLoader.standard

    private func evalSet() throws -> EvalSet {
        try loader.load(TestFixtures.evalSet("prompt-forms"))
    }

    /// The one problem lint finds after `edit` is applied to a copy of the fixture, as (file relative to the copy, line, message).
    private func problem(after edit: (EvalSetCopy) throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws -> (file: String, line: Int?, message: String)? {
        let copy = try EvalSetCopy(of: "prompt-forms")
        defer { copy.remove() }
        try edit(copy)
        let problems = loader.lint(copy.path)
        #expect(problems.count == 1, "\(problems.map(\.description))", sourceLocation: sourceLocation)
        guard let first = problems.first else { return nil }
        return (String(first.file.dropFirst(copy.path.count + 1)), first.line, first.message)
    }

    @Test("the fixture loads, with each prompt in its form")
    func loads() throws {
        let set = try evalSet()
        #expect(set.prompts.map(\.id) == ["classic", "chat", "conversation"])
        #expect(set.prompt(id: "classic")?.turns.map(\.label) == ["system", "user"])
        #expect(set.prompt(id: "chat")?.turns.map(\.label) == ["messages[0]", "messages[1]", "messages[2]", "messages[3]"])
        #expect(set.prompt(id: "chat")?.conversationVariable == nil)
        #expect(set.prompt(id: "conversation")?.turns.isEmpty == true)
        #expect(set.prompt(id: "conversation")?.conversationVariable == "dialogue")
    }

    @Test("a messages prompt sends its templates in order with their roles, rendered for the case")
    func messagesPrompt() throws {
        let set = try evalSet()
        let messages = try #require(set.prompt(id: "chat")).messages(for: set.cases[0])
        #expect(messages == [
            ChatMessage(role: .system, content: "Answer in one word."),
            ChatMessage(role: .user, content: "What is the capital of Peru?"),
            ChatMessage(role: .assistant, content: "Lima"),
            ChatMessage(role: .user, content: "What is the capital of France?"),
        ])
    }

    @Test("a messages_var prompt sends the case's conversation as written, braces and all")
    func messagesVarPrompt() throws {
        let set = try evalSet()
        let prompt = try #require(set.prompt(id: "conversation"))
        #expect(prompt.messages(for: set.cases[0]) == [
            ChatMessage(role: .system, content: "Answer in one word."),
            ChatMessage(role: .user, content: "What is the capital of France?"),
        ])
        #expect(prompt.messages(for: set.cases[1]) == [ChatMessage(role: .user, content: "Capital of Italy? Reply as {{city}}.")])
    }

    @Test("a prompt's hash follows a message's role and wording, and no other prompt's")
    func hashes() throws {
        let copy = try EvalSetCopy(of: "prompt-forms")
        defer { copy.remove() }
        let before = try loader.load(copy.path)
        #expect(Set(before.prompts.map(\.contentHash)).count == 3)
        try copy.replace("role: assistant", with: "role: user", in: "prompts/chat.yaml")
        let roleChanged = try loader.load(copy.path)
        #expect(roleChanged.prompt(id: "chat")?.contentHash != before.prompt(id: "chat")?.contentHash)
        #expect(roleChanged.prompt(id: "classic")?.contentHash == before.prompt(id: "classic")?.contentHash)
        try copy.replace("messages_var: dialogue", with: "messages_var: history", in: "prompts/conversation.yaml")
        try copy.replace(#""dialogue": [{"role": "system""#, with: #""history": [{"role": "system""#, in: "cases.jsonl")
        try copy.replace(#""dialogue": [{"role": "user""#, with: #""history": [{"role": "user""#, in: "cases.jsonl")
        let variableChanged = try loader.load(copy.path)
        #expect(variableChanged.prompt(id: "conversation")?.contentHash != roleChanged.prompt(id: "conversation")?.contentHash)
    }

    // MARK: lint

    @Test("messages beside user is a problem at the user line")
    func messagesWithUser() throws {
        let found = try problem { try $0.replace(#"content: "{{question}}""#, with: "content: \"{{question}}\"\nuser: hi", in: "prompts/chat.yaml") }
        #expect(found?.file == "prompts/chat.yaml")
        #expect(found?.line == 10)
        #expect(found?.message == "'messages' is the whole prompt: leave out 'user'")
    }

    @Test("messages beside messages_var is a problem at the second")
    func messagesWithMessagesVar() throws {
        let found = try problem { try $0.replace("messages_var: dialogue", with: "messages: []\nmessages_var: dialogue", in: "prompts/conversation.yaml") }
        #expect(found?.file == "prompts/conversation.yaml")
        #expect(found?.line == 2)
        #expect(found?.message == "'messages' is the whole prompt: leave out 'messages_var'")
    }

    @Test("an unknown role is a problem at its line")
    func unknownRole() throws {
        let found = try problem { try $0.replace("role: assistant", with: "role: bot", in: "prompts/chat.yaml") }
        #expect(found?.file == "prompts/chat.yaml")
        #expect(found?.line == 6)
        #expect(found?.message == "unknown role 'bot' (expected system, user or assistant)")
    }

    @Test("a misspelt message field is a problem at its line, with a suggestion")
    func misspeltField() throws {
        let found = try problem { try $0.replace("content: Lima", with: "contnet: Lima", in: "prompts/chat.yaml") }
        #expect(found?.line == 7)
        #expect(found?.message == "message: unknown field 'contnet' (did you mean 'content'?)")
    }

    @Test("a message that is not a mapping is a problem at its item")
    func messageNotMapping() throws {
        let found = try problem { try $0.replace("  - role: assistant\n    content: Lima", with: "  - Lima", in: "prompts/chat.yaml") }
        #expect(found?.line == 6)
        #expect(found?.message == "each message must be a mapping with 'role' and 'content'")
    }

    @Test("an empty messages list and an empty messages_var are problems at their key")
    func emptyForms() throws {
        let noMessages = try problem { copy in
            try "messages: []\n".write(toFile: copy.path + "/prompts/chat.yaml", atomically: true, encoding: .utf8)
        }
        #expect(noMessages?.file == "prompts/chat.yaml")
        #expect(noMessages?.line == 1)
        #expect(noMessages?.message == "'messages' must list at least one {role, content} message")
        let noVariable = try problem { try $0.replace("messages_var: dialogue", with: #"messages_var: """#, in: "prompts/conversation.yaml") }
        #expect(noVariable?.file == "prompts/conversation.yaml")
        #expect(noVariable?.line == 1)
        #expect(noVariable?.message == "'messages_var' must name a case variable")
    }

    @Test("a broken template in a message is a problem at its line")
    func brokenTemplate() throws {
        let found = try problem { try $0.replace(#"content: "{{question}}""#, with: #"content: "Q: {{question""#, in: "prompts/chat.yaml") }
        #expect(found?.file == "prompts/chat.yaml")
        #expect(found?.line == 9)
        #expect(found?.message.hasPrefix("'content': invalid Mustache template") == true)
    }

    @Test("a case without a variable a message uses is a problem at the case, naming the message")
    func missingTemplateVariable() throws {
        let copy = try EvalSetCopy(of: "prompt-forms")
        defer { copy.remove() }
        try copy.replace(#""question": "What is the capital of Italy?", "#, with: "", in: "cases.jsonl")
        let problems = loader.lint(copy.path)
        let messages = problems.filter { $0.file == copy.path + "/cases.jsonl" && $0.line == 2 }.map(\.message)
        #expect(messages.contains("case 'italy' does not provide {{question}}, which prompt 'chat' uses (\(copy.path)/prompts/chat.yaml, 'messages[3]' line 1)"),
                "\(problems.map(\.description))")
        #expect(problems.count == 2, "classic's user template misses it too: \(problems.map(\.description))")
    }

    @Test("a case without the conversation variable is a problem at the case")
    func missingConversation() throws {
        let found = try problem { copy in
            try copy.replace(#""dialogue": [{"role": "system", "content": "Answer in one word."}, {"role": "user", "content": "What is the capital of France?"}]"#,
                             with: #""topic": "geography""#, in: "cases.jsonl")
        }
        #expect(found?.file == "cases.jsonl")
        #expect(found?.line == 1)
        #expect(found?.message == "case 'france' does not provide 'dialogue', which prompt 'conversation' sends as the conversation")
    }

    @Test("a conversation that is not a list of {role, content} messages is a problem at the case")
    func malformedConversation() throws {
        for (old, new) in [(#"[{"role": "user", "content": "Capital"#, #"[{"role": "bot", "content": "Capital"#),
                           (#"[{"role": "user", "content": "Capital"#, #"[{"role": "user", "name": "x", "content": "Capital"#),
                           (#""dialogue": [{"role": "user", "content": "Capital of Italy? Reply as {{city}}."}]"#, #""dialogue": []"#)] {
            let found = try problem { try $0.replace(old, with: new, in: "cases.jsonl") }
            #expect(found?.file == "cases.jsonl")
            #expect(found?.line == 2)
            #expect(found?.message.hasPrefix("case 'italy': 'dialogue' must be a non-empty list of {\"role\": \"system\"|\"user\"|\"assistant\", \"content\": \"…\"} messages") == true, "\(new)")
        }
    }
}
