import Foundation

/// A JSON Pointer (RFC 6901): where a value sits inside a document, as reference tokens.
///
/// Validation errors carry two of them, one into the instance (`/items/3/name`) and one along the keywords that
/// were evaluated (`/properties/items/$ref/type`); `$ref` fragments such as `#/$defs/node` are read with
/// `init(fragment:)`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public private(set) var tokens: [String]

    public init(_ tokens: [String] = []) {
        self.tokens = tokens
    }

    /// Parses the pointer text form (`""`, `/a/b~1c`); nil when it does not start with `/`.
    public init?(_ text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { JSONPointer.unescape(String($0)) }
    }

    /// Parses a URI fragment holding a pointer: percent-decoded first, then read as pointer text.
    init?(fragment: String) {
        guard let decoded = fragment.removingPercentEncoding else { return nil }
        self.init(decoded)
    }

    /// The pointer with one more token.
    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    public func appending(contentsOf other: JSONPointer) -> JSONPointer {
        var copy = self
        copy.tokens.append(contentsOf: other.tokens)
        return copy
    }

    /// The text form: `""` for the whole document, `/a/b~1c` otherwise.
    public var description: String {
        var text = ""
        for token in tokens {
            text += "/"
            text += JSONPointer.escape(token)
        }
        return text
    }

    /// The text form, percent-encoded where a URI fragment needs it.
    var fragment: String {
        let allowed = CharacterSet.urlFragmentAllowed.subtracting(CharacterSet(charactersIn: "%"))
        return description.addingPercentEncoding(withAllowedCharacters: allowed) ?? description
    }

    /// The value the pointer designates inside `document`, or nil when some token does not exist.
    func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = JSONPointer.arrayIndex(token), index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A token as an array index: digits only, no leading zero (RFC 6901 §4).
    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber) else { return nil }
        guard token == "0" || !token.hasPrefix("0") else { return nil }
        return Int(token)
    }

    static func escape(_ token: String) -> String {
        // Most tokens (property names, indices) have neither character: no copy, no Foundation call.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var escaped = ""
        for scalar in token.unicodeScalars {
            switch scalar {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    static func unescape(_ token: String) -> String {
        token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
