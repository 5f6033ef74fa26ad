/// A sequence of one to four words, as word ids from a `WordIDs` table.
///
/// Fixed fields rather than an array keep hashing cheap: a corpus has millions of n-grams.
struct NGram: Hashable {
    static let maxOrder = 4
    private static let absent: Int32 = -1

    private let first: Int32
    private let second: Int32
    private let third: Int32
    private let fourth: Int32

    /// The n-gram of `order` words starting at `start`.
    init(_ words: [Int32], start: Int, order: Int) {
        first = words[start]
        second = order > 1 ? words[start + 1] : Self.absent
        third = order > 2 ? words[start + 2] : Self.absent
        fourth = order > 3 ? words[start + 3] : Self.absent
    }

    var order: Int {
        fourth != Self.absent ? 4 : third != Self.absent ? 3 : second != Self.absent ? 2 : 1
    }

    /// sacreBLEU's `extract_all_word_ngrams(line, 1, 4)`: how often each n-gram of order 1…4 occurs.
    static func counts(in words: [Int32]) -> [NGram: Int] {
        var counts: [NGram: Int] = [:]
        counts.reserveCapacity(words.count * maxOrder)
        for order in 1...maxOrder where words.count >= order {
            for start in 0...(words.count - order) {
                counts[NGram(words, start: start, order: order), default: 0] += 1
            }
        }
        return counts
    }
}

/// Numbers words so equal words get equal ids; equality is by code point, as Python compares `str`.
///
/// An open-addressing table of the words themselves (slices of the tokenized text, no copy) under an FNV-1a hash of
/// their code points: no allocation per word, and far cheaper than hashing arrays through `Hasher`.
struct WordIDs {
    private var words: [ArraySlice<Unicode.Scalar>] = []
    private var hashes: [UInt64] = []
    /// Slot → index into `words` + 1 (0: empty).
    private var slots = [Int32](repeating: 0, count: 64)

    mutating func ids(of list: [ArraySlice<Unicode.Scalar>]) -> [Int32] {
        var ids: [Int32] = []
        ids.reserveCapacity(list.count)
        for word in list { ids.append(id(of: word)) }
        return ids
    }

    mutating func id(of word: ArraySlice<Unicode.Scalar>) -> Int32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for scalar in word { hash = (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if hashes[entry - 1] == hash && words[entry - 1] == word { return Int32(entry - 1) }
            slot = (slot + 1) & mask
        }
        words.append(word)
        hashes.append(hash)
        slots[slot] = Int32(words.count)
        if words.count * 2 > slots.count { grow() }
        return Int32(words.count - 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
