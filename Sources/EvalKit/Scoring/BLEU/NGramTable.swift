/// Counts a segment's n-grams for BLEU without a general-purpose dictionary: each n-gram of word ids is packed into one
/// `UInt64` (its order and up to four 15-bit ids) and kept in an open-addressing table with a multiplicative hash,
/// reused from segment to segment. Linear in the segment's length; the same counts as `NGram.counts`, so the same
/// statistics to the last match.
///
/// A segment with 32,768 or more distinct words cannot be packed; `statistics` returns nil and the caller uses the
/// dictionary path.
struct NGramTable {
    private static let emptyKey = UInt64.max
    private static let idBits: UInt64 = 15
    static let maxWordID = Int32((1 << 15) - 1)

    private var keys: [UInt64] = []
    /// Per slot: the hypothesis's count, the most any one reference has, and the current reference's running count
    /// (valid while `stamp` is that reference's number).
    private var hypothesis: [Int32] = []
    private var referenceMax: [Int32] = []
    private var referenceCurrent: [Int32] = []
    private var stamp: [Int32] = []
    private var used: [Int] = []
    private var mask = 0
    private var shift: UInt64 = 58

    init() {}

    /// BLEU's statistics for one segment of word ids, or nil when an id does not fit in 15 bits.
    mutating func statistics(hypothesis words: [Int32], references: [[Int32]]) -> BLEUStatistics? {
        var largest = words.max() ?? 0
        var keyCount = words.count * NGram.maxOrder
        for reference in references {
            largest = max(largest, reference.max() ?? 0)
            keyCount += reference.count * NGram.maxOrder
        }
        guard largest <= Self.maxWordID else { return nil }
        prepare(for: keyCount)
        for (number, reference) in references.enumerated() {
            let referenceStamp = Int32(number + 1)
            Self.forEachKey(reference) { key in
                let slot = self.slot(for: key)
                if stamp[slot] != referenceStamp {
                    stamp[slot] = referenceStamp
                    referenceCurrent[slot] = 0
                }
                referenceCurrent[slot] += 1
                if referenceCurrent[slot] > referenceMax[slot] { referenceMax[slot] = referenceCurrent[slot] }
            }
        }
        Self.forEachKey(words) { key in hypothesis[slot(for: key)] += 1 }
        var result = BLEUStatistics()
        result.hypothesisLength = words.count
        result.referenceLength = BLEUStatistics.closestLength(to: words.count, among: references.map(\.count))
        for order in 1...NGram.maxOrder where words.count >= order {
            result.totals[order - 1] = words.count - order + 1
        }
        for slot in used where hypothesis[slot] > 0 {
            let order = Int(keys[slot] >> 60)
            result.matches[order - 1] += Int(min(hypothesis[slot], referenceMax[slot]))
        }
        return result
    }

    /// Every n-gram of order 1…4 in `words`, packed.
    private static func forEachKey(_ words: [Int32], _ body: (UInt64) -> Void) {
        words.withUnsafeBufferPointer { ids in
            let count = ids.count
            for start in 0..<count {
                var key: UInt64 = 0
                for order in 1...NGram.maxOrder {
                    let end = start + order - 1
                    guard end < count else { break }
                    key = (key << idBits) | UInt64(UInt32(bitPattern: ids[end]))
                    body(UInt64(order) << 60 | key)
                }
            }
        }
    }

    /// Empties the slots the last segment used, growing the table to at least twice `keys` slots.
    private mutating func prepare(for keyCount: Int) {
        for slot in used {
            keys[slot] = Self.emptyKey
            hypothesis[slot] = 0
            referenceMax[slot] = 0
            stamp[slot] = 0
        }
        used.removeAll(keepingCapacity: true)
        var capacity = max(64, keys.count)
        while capacity < keyCount * 2 { capacity *= 2 }
        if capacity != keys.count {
            keys = [UInt64](repeating: Self.emptyKey, count: capacity)
            hypothesis = [Int32](repeating: 0, count: capacity)
            referenceMax = [Int32](repeating: 0, count: capacity)
            referenceCurrent = [Int32](repeating: 0, count: capacity)
            stamp = [Int32](repeating: 0, count: capacity)
            mask = capacity - 1
            shift = UInt64(64 - capacity.trailingZeroBitCount)
        }
    }

    /// The slot holding `key`, claimed if new (linear probing; the table is at most half full).
    private mutating func slot(for key: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) & mask
        while true {
            let found = keys[slot]
            if found == key { return slot }
            if found == Self.emptyKey {
                keys[slot] = key
                used.append(slot)
                return slot
            }
            slot = (slot + 1) & mask
        }
    }
}
