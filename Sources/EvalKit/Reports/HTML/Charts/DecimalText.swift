/// Locale-independent decimal formatting for chart labels and SVG coordinates.
///
/// Reports must look the same on every machine, and SVG needs `.` as the decimal point, so
/// charts never go through a locale-aware formatter.
enum DecimalText {
    /// `value` rounded to `decimals` places: `fixed(0.125, decimals: 2)` is `"0.13"`, and
    /// negative zero prints as `"0"`. Non-finite values print as `"–"`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        let decimals = min(max(decimals, 0), 9)
        var power: Int64 = 1
        for _ in 0..<decimals { power *= 10 }
        let scaled = (value.magnitude * Double(power)).rounded()
        guard scaled < 9e15 else { return String(value) }
        let units = Int64(scaled)
        let sign = value < 0 && units != 0 ? "-" : ""
        let whole = String(units / power)
        guard decimals > 0 else { return sign + whole }
        let fraction = String(units % power)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A coordinate for an SVG attribute: one decimal place, without a trailing `.0`.
    static func coordinate(_ value: Double) -> String {
        let text = fixed(value, decimals: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
