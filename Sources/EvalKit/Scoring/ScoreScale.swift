/// What a scorer's values mean: pass/fail (0 or 1) or a continuous figure on a range (BLEU 0…100, a judge's 1…5).
///
/// Comparisons put every scorer on a 0…1 scale with it, so one `--margin` means the same for all of them, and it
/// picks the test: McNemar on pass/fail pairs, a sign-flip test on continuous scores.
public struct ScoreScale: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case passFail = "pass_fail"
        case continuous
    }

    public var kind: Kind
    public var range: ClosedRange<Double>

    public init(kind: Kind, range: ClosedRange<Double>) {
        self.kind = kind
        self.range = range
    }

    /// Exact, contains, regex, JSON Schema: 1 or 0.
    public static let passFail = ScoreScale(kind: .passFail, range: 0...1)

    /// The scale of scores stored before scales were recorded: pass/fail when every value is 0 or 1, else
    /// continuous over the values seen, widened to at least 0…1.
    static func inferred(allBinary: Bool, lowest: Double, highest: Double) -> ScoreScale {
        allBinary ? .passFail : ScoreScale(kind: .continuous, range: min(0, lowest)...max(1, highest))
    }

    /// `value` on 0…1, clamped.
    public func normalized(_ value: Double) -> Double {
        let width = range.upperBound - range.lowerBound
        guard width > 0 else { return value >= range.upperBound ? 1 : 0 }
        return min(1, max(0, (value - range.lowerBound) / width))
    }
}
