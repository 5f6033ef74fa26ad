import Foundation

/// Removes credentials from text that came from a server, before evalctl stores or prints it: some proxies and
/// gateways echo the request headers (the API key among them) in error bodies and stream error events.
///
/// Two strengths: `redactSecrets` replaces the configured secret values only, and applies to everything a server
/// sends, model output included (a scorer may need to see credential-shaped text a model wrote, but never our key);
/// `redact` also replaces credential shapes (`Bearer …`, `x-api-key: …`, `sk-…` keys), for error text.
///
///     let redactor = SecretRedactor(secrets: ["sk-live-1234567890"])
///     redactor.redact("401: Authorization: Bearer sk-live-1234567890")   // "401: Authorization: Bearer [REDACTED]"
public struct SecretRedactor: Sendable {
    public static let placeholder = "[REDACTED]"
    /// Shorter values are not treated as secrets: replacing every "abc" in an answer would corrupt it.
    public static let minimumSecretLength = 6

    /// The secret values and their JSON-escaped spellings, longest first so no secret is left half replaced.
    private let needles: [String]

    public init(secrets: some Sequence<String>) {
        var needles = Set<String>()
        for secret in secrets where secret.count >= Self.minimumSecretLength {
            needles.insert(secret)
            if secret.contains("/") { needles.insert(secret.replacingOccurrences(of: "/", with: "\\/")) }
        }
        self.needles = needles.sorted { $0.count > $1.count }
    }

    /// A redactor with no configured secrets: `redact` still removes credential shapes.
    public static let shapesOnly = SecretRedactor(secrets: [String]())

    /// `text` with every configured secret value replaced.
    public func redactSecrets(_ text: String) -> String {
        var result = text
        for needle in needles where result.contains(needle) {
            result = result.replacingOccurrences(of: needle, with: Self.placeholder)
        }
        return result
    }

    /// `text` with configured secret values and credential shapes replaced: for error messages and other text that
    /// is never scored.
    public func redact(_ text: String) -> String {
        CredentialShapes.redact(redactSecrets(text))
    }
}

/// Credential shapes found in echoed request headers, matched without regular expressions (linear, no
/// backtracking on hostile input).
enum CredentialShapes {
    /// Header or field names whose value is a credential.
    static let keyNames = ["x-api-key", "api-key", "api_key", "apikey", "x-goog-api-key", "access_token", "access-token"]
    /// Characters of a token.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"),
             UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    static func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        let placeholder = Array(SecretRedactor.placeholder.utf8)
        var index = 0
        var changed = false
        while index < bytes.count {
            if let valueStart = valueStartAfterCredentialName(bytes, at: index) {
                let valueEnd = tokenEnd(bytes, from: valueStart)
                if valueEnd - valueStart >= minimumValueLength(bytes, at: index) {
                    output.append(contentsOf: bytes[index..<valueStart])
                    output.append(contentsOf: placeholder)
                    index = valueEnd
                    changed = true
                    continue
                }
            }
            if startsKeyShape(bytes, at: index) {
                let end = tokenEnd(bytes, from: index)
                if end - index >= 23 {
                    output.append(contentsOf: placeholder)
                    index = end
                    changed = true
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// A bearer token is at least 8 characters (so "Bearer tokens are required" keeps its words); a named key's
    /// value at least 1.
    private static func minimumValueLength(_ bytes: [UInt8], at index: Int) -> Int {
        matches(bytes, at: index, caseInsensitive: "bearer") ? 8 : 1
    }

    /// Where the credential starts after `Bearer `, or a key name followed by `:` or `=` (quotes and
    /// spaces allowed between), when one starts at `index` on a word boundary.
    private static func valueStartAfterCredentialName(_ bytes: [UInt8], at index: Int) -> Int? {
        if index > 0, isTokenCharacter(bytes[index - 1]), bytes[index - 1] != UInt8(ascii: "/") { return nil }
        for scheme in ["bearer"] where matches(bytes, at: index, caseInsensitive: scheme) {
            var cursor = index + scheme.utf8.count
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") else { return nil }
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
            return cursor
        }
        for name in keyNames where matches(bytes, at: index, caseInsensitive: name) {
            var cursor = index + name.utf8.count
            if cursor < bytes.count, isTokenCharacter(bytes[cursor]), bytes[cursor] != UInt8(ascii: "=") { return nil }
            var sawSeparator = false
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "=") {
                    if sawSeparator { break }
                    sawSeparator = true
                } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "\\") {
                    break
                }
                cursor += 1
            }
            return sawSeparator ? cursor : nil
        }
        return nil
    }

    /// `sk-` (OpenAI, Anthropic `sk-ant-…`) on a word boundary.
    private static func startsKeyShape(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 3 <= bytes.count, bytes[index] == UInt8(ascii: "s"), bytes[index + 1] == UInt8(ascii: "k"),
              bytes[index + 2] == UInt8(ascii: "-") else { return false }
        return index == 0 || !isTokenCharacter(bytes[index - 1])
    }

    private static func tokenEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count, isTokenCharacter(bytes[end]) { end += 1 }
        return end
    }

    private static func matches(_ bytes: [UInt8], at index: Int, caseInsensitive word: String) -> Bool {
        let pattern = Array(word.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count {
            var byte = bytes[index + offset]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != pattern[offset] { return false }
        }
        return true
    }
}
