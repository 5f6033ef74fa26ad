/// What a comparison of two runs concludes, as a whole: a regression if any scorer regressed; else inconclusive if
/// any scorer's eval set cannot detect a drop that matters; else no regression.
///
/// ```swift
/// switch comparison.verdict {
/// case .regression: …          // exit 1
/// case .inconclusive: …        // exit 0, or 1 with --fail-inconclusive
/// case .noRegression: …        // exit 0
/// }
/// ```
public enum GateVerdict: String, Sendable, CaseIterable {
    case regression
    /// No regression found, and at least one comparison could not have found one of the margin's size.
    case inconclusive
    case noRegression = "no_regression"

    init(_ scorers: [ScorerComparison]) {
        self = if scorers.contains(where: { $0.verdict == .regression }) { .regression }
            else if scorers.contains(where: { $0.verdict == .inconclusive }) { .inconclusive }
            else { .noRegression }
    }
}
