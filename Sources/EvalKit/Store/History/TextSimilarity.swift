/// How alike two outputs are: 1 − Levenshtein distance / length of the longer, over Unicode scalars.
///
/// Outputs are cut to `limit` scalars first, so two long essays cost at most limit² steps.
public enum TextSimilarity {
    public static func ratio(_ first: String, _ second: String, limit: Int = 1000) -> Double {
        let a = Array(first.unicodeScalars.prefix(limit)), b = Array(second.unicodeScalars.prefix(limit))
        let longest = max(a.count, b.count)
        guard longest > 0 else { return 1 }
        return 1 - Double(distance(a, b)) / Double(longest)
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] : 1 + min(previous[j - 1], previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
