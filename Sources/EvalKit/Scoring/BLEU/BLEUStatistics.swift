/// BLEU's sufficient statistics: lengths and n-gram matches, for one segment or summed over a corpus.
///
/// Corpus BLEU is computed from the sum of every segment's statistics, not from an average of sentence scores.
struct BLEUStatistics: Sendable, Hashable {
    var hypothesisLength = 0
    /// The length of the reference closest in length to the hypothesis (the shorter one on a tie).
    var referenceLength = 0
    /// Clipped matches of each order 1…4.
    var matches = [Int](repeating: 0, count: NGram.maxOrder)
    /// Hypothesis n-grams of each order 1…4.
    var totals = [Int](repeating: 0, count: NGram.maxOrder)

    init() {}

    /// One segment's statistics, as sacreBLEU's `_compute_segment_statistics`: each hypothesis n-gram's count is
    /// clipped to its highest count in any one reference. With no reference, nothing matches and the length is 0.
    init(hypothesis: [Int32], references: [[Int32]]) {
        var table = NGramTable()
        self.init(hypothesis: hypothesis, references: references, table: &table)
    }

    /// The same, counting in `table` (reused across segments); the dictionary path when the ids do not fit it.
    init(hypothesis: [Int32], references: [[Int32]], table: inout NGramTable) {
        if let counted = table.statistics(hypothesis: hypothesis, references: references) {
            self = counted
            return
        }
        self.init(countingWithDictionary: hypothesis, references: references)
    }

    /// The reference implementation: `NGram.counts` in dictionaries, for segments of 32,768 or more distinct words.
    init(countingWithDictionary hypothesis: [Int32], references: [[Int32]]) {
        var referenceCounts = references.first.map(NGram.counts(in:)) ?? [:]
        for reference in references.dropFirst() {
            referenceCounts.merge(NGram.counts(in: reference), uniquingKeysWith: max)
        }
        hypothesisLength = hypothesis.count
        referenceLength = Self.closestLength(to: hypothesis.count, among: references.map(\.count))
        for (ngram, count) in NGram.counts(in: hypothesis) {
            let index = ngram.order - 1
            totals[index] += count
            matches[index] += min(count, referenceCounts[ngram] ?? 0)
        }
    }

    static func += (lhs: inout BLEUStatistics, rhs: BLEUStatistics) {
        lhs.hypothesisLength += rhs.hypothesisLength
        lhs.referenceLength += rhs.referenceLength
        for index in 0..<NGram.maxOrder {
            lhs.matches[index] += rhs.matches[index]
            lhs.totals[index] += rhs.totals[index]
        }
    }

    /// sacreBLEU's `_get_closest_ref_len`.
    static func closestLength(to length: Int, among lengths: [Int]) -> Int {
        var closest: (difference: Int, length: Int)?
        for candidate in lengths {
            let difference = abs(length - candidate)
            if let best = closest, difference > best.difference || (difference == best.difference && candidate >= best.length) {
                continue
            }
            closest = (difference, candidate)
        }
        return closest?.length ?? 0
    }
}
