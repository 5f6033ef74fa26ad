import Foundation

/// Levenshtein distance (insertions, deletions and substitutions each cost 1) between two sequences of Unicode scalars.
enum EditDistance {
    /// The most cells (`a.count × b.count`) an unbounded distance computes; longer pairs are refused rather than
    /// stalling a scorer (about a second of work).
    static let maximumCells = 200_000_000

    /// The distance between `a` and `b`, or nil when it is greater than `bound` (computed in a band of width
    /// 2·bound+1, so a bounded distance costs O(n·bound)). Without a bound, nil when the pair has more than
    /// `maximumCells` cells.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], bound: Int? = nil) -> Int? {
        // Common prefix and suffix never change the distance.
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        let x = a[start..<endA], y = b[start..<endB]
        let (short, long) = x.count <= y.count ? (Array(x), Array(y)) : (Array(y), Array(x))
        if let bound, long.count - short.count > bound { return nil }
        if short.isEmpty { return long.count }
        if bound == nil, short.count * long.count > maximumCells { return nil }
        let band = bound ?? long.count
        let infinity = Int.max / 2
        // row[j] = distance between long[..<i] and short[..<j]
        var previous = Array(0...short.count)
        var current = [Int](repeating: infinity, count: short.count + 1)
        for i in 1...long.count {
            let low = max(1, i - band), high = min(short.count, i + band)
            current[0] = i <= band ? i : infinity
            if low > 1 { current[low - 1] = infinity }
            var rowMinimum = current[0]
            if low <= high {
                for j in low...high {
                    let substitution = previous[j - 1] + (long[i - 1] == short[j - 1] ? 0 : 1)
                    let value = min(substitution, previous[j] + 1, current[j - 1] + 1)
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
            }
            if high < short.count { current[high + 1] = infinity }
            if let bound, rowMinimum > bound { return nil }
            swap(&previous, &current)
        }
        let distance = previous[short.count]
        if let bound, distance > bound { return nil }
        return distance
    }
}
