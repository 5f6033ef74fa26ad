/// Holm–Bonferroni step-down adjustment for the many metric comparisons one gate run makes, so the chance of any
/// false "regression" stays at alpha without Bonferroni's full penalty.
///
/// Compare each adjusted p-value with the unadjusted alpha:
/// ```swift
/// let adjusted = HolmCorrection.adjust([0.01, 0.04, 0.03])   // [0.03, 0.06, 0.06]
/// ```
public enum HolmCorrection {
    /// Adjusted p-values in the input order: the i-th smallest p is multiplied by (m − i + 1), made non-decreasing
    /// along the sorted order, and capped at 1. Tied p-values get the same adjusted value.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        precondition(!pValues.contains(where: \.isNaN), "Holm correction needs p-values, got NaN in \(pValues)")
        let count = pValues.count
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 0, count: count)
        var runningMaximum = 0.0
        for (rank, index) in order.enumerated() {
            runningMaximum = max(runningMaximum, min(1, Double(count - rank) * pValues[index]))
            adjusted[index] = runningMaximum
        }
        return adjusted
    }
}
