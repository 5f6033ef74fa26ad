import Foundation

/// How the stub chooses the assistant's answer to a chat request.
public enum StubAnswerMode: Sendable, Equatable {
    /// The text of the last user message, so an eval whose expected answer is its input passes.
    case echo
    /// The text between `<expected>` and `</expected>` in the last message that has such a tag
    /// (searching from the last message backwards); the echo answer when no message has one.
    case expectedTag
    /// Always the given text.
    case fixed(String)

    /// Parses the command-line spelling: `echo`, `expected-tag` or `fixed:TEXT`.
    public init?(argument: String) {
        switch argument {
        case "echo":
            self = .echo
        case "expected-tag":
            self = .expectedTag
        default:
            guard argument.hasPrefix("fixed:") else { return nil }
            self = .fixed(String(argument.dropFirst("fixed:".count)))
        }
    }

    /// The answer to `request` in this mode.
    public func answer(to request: StubChatRequest) -> String {
        switch self {
        case .fixed(let text):
            return text
        case .echo:
            return Self.echoAnswer(to: request)
        case .expectedTag:
            for message in request.messages.reversed() {
                if let tagged = Self.textInsideExpectedTag(message.text) { return tagged }
            }
            return Self.echoAnswer(to: request)
        }
    }

    private static func echoAnswer(to request: StubChatRequest) -> String {
        request.lastUserText ?? request.messages.last?.text ?? ""
    }

    private static func textInsideExpectedTag(_ text: String) -> String? {
        guard let open = text.range(of: "<expected>", options: .backwards),
              let close = text.range(of: "</expected>", range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }
}
