import Foundation

/// Formatting shared by scorers' reasons.
enum ScoreText {
    /// Quotes `text` for a reason line, shortened so a long output does not swamp a report.
    static func quote(_ text: String, limit: Int = 80) -> String {
        let shortened = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return JSONValue.string(shortened).canonicalJSON
    }

    /// A score for a reason line: at most 4 decimals, no trailing zeros (`0.6667`, `1`).
    static func number(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
