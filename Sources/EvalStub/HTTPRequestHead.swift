/// The parsed request line and header fields of one HTTP/1.x request.
struct HTTPRequestHead {
    var method: String
    var target: String
    var version: String
    /// Lowercased names; repeated fields joined with `", "`.
    var headers: [String: String]

    /// Whether the connection stays open after the response, from the version and `Connection`.
    var keepAlive: Bool {
        let tokens = Self.tokens(headers["connection"])
        if tokens.contains("close") { return false }
        if version == "HTTP/1.0" { return tokens.contains("keep-alive") }
        return true
    }

    /// The lowercased, trimmed, comma-separated tokens of a header value.
    static func tokens(_ value: String?) -> [Substring] {
        guard let value, !value.isEmpty else { return [] }
        return value.lowercased().split(separator: ",").map { token in
            let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
            guard let first = token.firstIndex(where: { !isSpace($0) }),
                  let last = token.lastIndex(where: { !isSpace($0) }) else { return token[token.endIndex...] }
            return token[first...last]
        }
    }

    var isHead: Bool { method == "HEAD" }
}
