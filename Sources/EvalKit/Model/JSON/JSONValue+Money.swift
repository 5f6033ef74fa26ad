extension JSONValue {
    /// US dollars for a JSON summary, rounded to a billionth of a dollar: sums of per-answer costs carry binary
    /// noise (`6.300000000000005`) that is no money anyone spent, while a single answer's cost (a few millionths) keeps
    /// its figures.
    ///
    /// ```swift
    /// JSONValue.usd(2.1 + 4.2).canonicalJSON   // "6.3"
    /// ```
    public static func usd(_ amount: Double) -> JSONValue {
        guard amount.isFinite else { return .number(amount) }
        return .number((amount * 1e9).rounded() / 1e9)
    }
}
