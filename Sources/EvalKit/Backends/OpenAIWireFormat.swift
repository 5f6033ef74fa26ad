/// The parts of OpenAI's chat-completions wire format evalctl reads.
enum OpenAIWireFormat {
    struct Completion: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { let content: String? }
            let message: Message?
            let finish_reason: String?
        }
        let model: String?
        let system_fingerprint: String?
        let choices: [Choice]
        let usage: Usage?
    }

    struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable { let content: String? }
            let delta: Delta?
            let finish_reason: String?
        }
        let model: String?
        let system_fingerprint: String?
        let choices: [Choice]?
        let usage: Usage?
        let error: APIError?
    }

    struct Usage: Decodable {
        let prompt_tokens: Int?
        let completion_tokens: Int?
    }

    struct APIError: Decodable {
        let message: String?
        let type: String?
        let code: CodeValue?
    }

    struct ErrorEnvelope: Decodable {
        let error: APIError
    }

    /// `code` is a string at OpenAI and a number at llama.cpp.
    enum CodeValue: Decodable, CustomStringConvertible {
        case text(String)
        case number(Int)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
        var description: String {
            switch self {
            case .text(let text): text
            case .number(let number): String(number)
            }
        }
    }

    /// The message an error body carries, or the start of the body when it is not OpenAI's error shape.
    static func errorMessage(from body: [UInt8]) -> String {
        if let envelope = try? JSONValue.decoder.decode(ErrorEnvelope.self, from: Data(body)) {
            let kind = envelope.error.code?.description ?? envelope.error.type
            return [kind, envelope.error.message].compactMap { $0 }.joined(separator: ": ")
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(empty body)" : text
    }
}

import Foundation

extension JSONValue {
    /// A shared decoder; `JSONDecoder` is safe to use from several threads.
    static let decoder = JSONDecoder()
}
