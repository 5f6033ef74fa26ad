/// A reference's n-grams of orders 1…`maxOrder`, each numbered and counted, to match a hypothesis against.
///
/// An n-gram's number comes from its prefix's number and its last element, so a hypothesis n-gram is looked up in
/// one step from its prefix and the walk stops at the first prefix the reference lacks: only the reference's n-grams
/// are ever stored, and the cost is linear in both lengths.
struct ReferenceNGrams {
    let maxOrder: Int
    /// (prefix number + 1) << 32 | last element → number; the empty prefix is 0.
    private var numbers: [UInt64: Int32] = [:]
    /// How often each numbered n-gram occurs in the reference.
    private var counts: [Int32] = []
    /// The order of each numbered n-gram.
    private var orders: [UInt8] = []
    private let length: Int

    init(_ elements: [UInt32], maxOrder: Int) {
        self.maxOrder = maxOrder
        length = elements.count
        guard maxOrder > 0 else { return }
        numbers.reserveCapacity(elements.count * min(maxOrder, 8))
        for start in elements.indices {
            var number: Int32 = -1
            for order in 1...min(maxOrder, elements.count - start) {
                let key = Self.key(number, elements[start + order - 1])
                if let existing = numbers[key] {
                    number = existing
                    counts[Int(number)] += 1
                } else {
                    number = Int32(counts.count)
                    numbers[key] = number
                    counts.append(1)
                    orders.append(UInt8(order))
                }
            }
        }
    }

    private static func key(_ prefix: Int32, _ last: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: prefix &+ 1)) << 32 | UInt64(last)
    }

    /// The reference's n-grams of `order` (sacreBLEU's `sum(ref_ngrams.values())`).
    private func referenceTotal(_ order: Int) -> Int { max(0, length - order + 1) }

    /// sacreBLEU's `_get_match_statistics` for each order: the hypothesis's n-grams (0 when the reference has none of
    /// that order), the reference's, and the matches, each hypothesis n-gram counted at most as often as the
    /// reference has it.
    func statistics(of hypothesis: [UInt32]) -> ChrFStatistics {
        var statistics = ChrFStatistics(orders: maxOrder)
        guard maxOrder > 0 else { return statistics }
        var hypothesisCounts = [Int32](repeating: 0, count: counts.count)
        for start in hypothesis.indices {
            var number: Int32 = -1
            for order in 1...min(maxOrder, hypothesis.count - start) {
                guard let next = numbers[Self.key(number, hypothesis[start + order - 1])] else { break }
                number = next
                hypothesisCounts[Int(number)] += 1
            }
        }
        for (number, count) in hypothesisCounts.enumerated() where count > 0 {
            statistics.matches[Int(orders[number]) - 1] += Int(min(count, counts[number]))
        }
        for order in 1...maxOrder {
            let referenceTotal = referenceTotal(order)
            statistics.hypothesis[order - 1] = referenceTotal > 0 ? max(0, hypothesis.count - order + 1) : 0
            statistics.reference[order - 1] = referenceTotal
        }
        return statistics
    }
}
