/// chrF's sufficient statistics for each order (character orders first, then word orders): hypothesis n-grams,
/// reference n-grams and matches, for one segment or summed over a corpus.
///
/// Corpus chrF is the F-score of the summed statistics, not an average of sentence scores.
struct ChrFStatistics: Sendable, Hashable {
    var hypothesis: [Int]
    var reference: [Int]
    var matches: [Int]

    init(orders: Int) {
        hypothesis = [Int](repeating: 0, count: orders)
        reference = hypothesis
        matches = hypothesis
    }

    var orders: Int { hypothesis.count }

    /// Another segment's orders after these (a segment's word orders after its character orders).
    mutating func append(_ other: ChrFStatistics) {
        hypothesis += other.hypothesis
        reference += other.reference
        matches += other.matches
    }

    static func += (lhs: inout ChrFStatistics, rhs: ChrFStatistics) {
        for order in 0..<min(lhs.orders, rhs.orders) {
            lhs.hypothesis[order] += rhs.hypothesis[order]
            lhs.reference[order] += rhs.reference[order]
            lhs.matches[order] += rhs.matches[order]
        }
    }

    /// sacreBLEU's `_compute_f_score` (0–100), operation for operation so the `Double` is the same.
    ///
    /// With `epsSmoothing`, the mean of each order's F-score, where an order with nothing to count contributes
    /// 1e-16. Without it, the F-score of the mean precision and mean recall over the orders with n-grams on both sides.
    func fScore(beta: Int, epsSmoothing: Bool) -> Double {
        let epsilon = 1e-16
        let factor = Double(beta * beta)
        var score = 0.0, averagePrecision = 0.0, averageRecall = 0.0
        var effectiveOrder = 0
        for order in 0..<orders {
            let hypothesisCount = hypothesis[order], referenceCount = reference[order], matchCount = matches[order]
            let precision = hypothesisCount > 0 ? Double(matchCount) / Double(hypothesisCount) : epsilon
            let recall = referenceCount > 0 ? Double(matchCount) / Double(referenceCount) : epsilon
            let denominator = factor * precision + recall
            score += denominator > 0 ? (1 + factor) * precision * recall / denominator : epsilon
            if hypothesisCount > 0, referenceCount > 0 {
                averagePrecision += precision
                averageRecall += recall
                effectiveOrder += 1
            }
        }
        if epsSmoothing { return 100 * score / Double(orders) }
        if effectiveOrder == 0 {
            averagePrecision = 0
            averageRecall = 0
        } else {
            averagePrecision /= Double(effectiveOrder)
            averageRecall /= Double(effectiveOrder)
        }
        guard averagePrecision + averageRecall != 0 else { return 0 }
        return 100 * ((1 + factor) * averagePrecision * averageRecall / (factor * averagePrecision + averageRecall))
    }
}
