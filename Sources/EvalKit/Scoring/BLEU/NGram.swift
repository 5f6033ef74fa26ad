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
struct WordIDs {
    private var ids: [[Unicode.Scalar]: Int32] = [:]

    mutating func ids(of words: [ArraySlice<Unicode.Scalar>]) -> [Int32] {
        words.map { word in
            let key = Array(word)
            if let id = ids[key] { return id }
            let id = Int32(ids.count)
            ids[key] = id
            return id
        }
    }
}
