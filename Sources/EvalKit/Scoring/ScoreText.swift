/// Formatting shared by scorers' reasons.
enum ScoreText {
    /// Quotes `text` for a reason line, shortened so a long output does not swamp a report.
    static func quote(_ text: String, limit: Int = 80) -> String {
        let shortened = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return JSONValue.string(shortened).canonicalJSON
    }
}
