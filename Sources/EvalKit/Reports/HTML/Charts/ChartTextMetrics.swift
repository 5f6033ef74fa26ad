/// Estimated text sizes, so a chart can lay out labels without font metrics.
///
/// evalctl renders SVG without a browser, so it cannot measure text. The estimate is on the
/// wide side of common sans-serif fonts (DejaVu Sans, Helvetica, Segoe UI): labels may get a
/// little more room than they need, but should not collide.
enum ChartTextMetrics {
    /// Average advance of one character, as a fraction of the font size.
    static let averageCharacterWidth = 0.62

    static func width(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * averageCharacterWidth * fontSize
    }

    /// `text` cut to at most `limit` characters, ending in `…` when it was cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(max(limit - 1, 1))) + "…"
    }

    /// `text` cut to at most `limit` characters by dropping its middle, for identifiers that
    /// share a prefix and differ at the end: `run-2024-11-24-a1b2c3` → `run-20…-a1b2c3`.
    static func truncatedInMiddle(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let kept = max(limit - 1, 2)
        return String(text.prefix(kept / 2)) + "…" + String(text.suffix(kept - kept / 2))
    }
}
