/// One thing a red line found in an output: which rule, where (a UTF-8 offset), and a masked excerpt that never
/// repeats a whole secret.
struct RedLineHit: Sendable, Hashable {
    /// What fired, as a person reads it: `card number`, `keyword "confidential"`, `pattern /pass(word)?/`.
    let rule: String
    /// Where the match starts, in UTF-8 bytes from the start of the output.
    let offset: Int
    let length: Int
    /// The first characters of the match and an ellipsis (`4111…`), or the whole match when it is not secret.
    let excerpt: String

    /// At most `visible` characters of `text`, then `…` when there was more: enough to find the match, not to reuse it.
    static func masked(_ text: some StringProtocol, visible: Int = 4) -> String {
        text.count > visible ? String(text.prefix(visible)) + "…" : String(text)
    }

    /// `line 3, column 14` (1-based, columns in Unicode scalars) of `offset` in `output`.
    static func position(of offset: Int, in output: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in output.unicodeScalars {
            if consumed >= offset { break }
            consumed += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// The reason line of a red line that fired: the first hit with its place, and how many more there were.
    static func reason(_ hits: [RedLineHit], total: Int, in output: String) -> String {
        guard let first = hits.first else { return "no red line crossed" }
        let (line, column) = position(of: first.offset, in: output)
        let more = total > 1 ? " (and \(total - 1) more)" : ""
        return "red line: \(first.rule) \(ScoreText.quote(first.excerpt)) at line \(line), column \(column)\(more)"
    }

    /// The hits as kept with the score: rule, line, column and masked excerpt, at most `limit` of them.
    static func details(_ hits: [RedLineHit], total: Int, in output: String, limit: Int = 20) -> JSONValue {
        .object([
            "hits": .array(hits.prefix(limit).map { hit in
                let (line, column) = position(of: hit.offset, in: output)
                return .object(["rule": .string(hit.rule), "line": .number(Double(line)), "column": .number(Double(column)),
                                "excerpt": .string(hit.excerpt)])
            }),
            "total": .number(Double(total)),
        ])
    }
}
