/// A word-level diff of two texts, for the case explorer's view of one case in two runs: which words the newer output
/// inserted and which it deleted.
///
/// Texts are split into words, runs of whitespace and single punctuation marks, and compared with Myers' O((N+M)·D)
/// algorithm after the common start and end are set aside. Both the number of tokens and the number of edits are
/// capped, so a page of 10,000 cases stays quick to write: past a cap there is no diff (nil) and the page says the
/// outputs differ.
///
/// ```swift
/// let diff = WordDiff(from: "The capital is Paris.", to: "The capital is Lyon.")
/// diff?.segments   // [same "The capital is ", deleted "Paris", inserted "Lyon", same "."]
/// ```
struct WordDiff: Sendable, Equatable {
    enum Kind: Int, Sendable {
        case deleted = -1, same = 0, inserted = 1
    }

    struct Segment: Sendable, Equatable {
        var kind: Kind
        var text: String
    }

    /// In text order; adjacent tokens of the same kind are merged.
    let segments: [Segment]

    static let defaultMaxTokens = 8_000
    static let defaultMaxEdits = 400

    /// The diff from `old` to `new`; nil when either has more than `maxTokens` tokens or they differ by more than
    /// `maxEdits` inserted and deleted tokens (after their common start and end).
    init?(from old: String, to new: String, maxTokens: Int = defaultMaxTokens, maxEdits: Int = defaultMaxEdits) {
        let a = Self.tokens(old), b = Self.tokens(new)
        guard a.count <= maxTokens, b.count <= maxTokens else { return nil }
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        guard let middle = Self.myers(middleA, middleB, maxEdits: maxEdits) else { return nil }
        var builder = SegmentBuilder()
        for token in a[..<prefix] { builder.append(.same, token) }
        for (kind, token) in middle { builder.append(kind, token) }
        for token in a[(a.count - suffix)...] { builder.append(.same, token) }
        segments = builder.segments
    }

    /// How many inserted and deleted segments there are.
    var changes: Int { segments.count { $0.kind != .same } }

    /// Words (letters, digits, `_`), runs of whitespace, and every other character on its own.
    static func tokens(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start = text.startIndex
        var current: Character.TokenClass?
        var index = text.startIndex
        while index < text.endIndex {
            let tokenClass = text[index].tokenClass
            if let current, current != tokenClass || tokenClass == .other {
                tokens.append(text[start..<index])
                start = index
            }
            current = tokenClass
            index = text.index(after: index)
        }
        if start < text.endIndex { tokens.append(text[start...]) }
        return tokens
    }

    /// The shortest edit script from `a` to `b` as kinds and tokens in order; nil past `maxEdits`.
    private static func myers(_ a: [Substring], _ b: [Substring], maxEdits: Int) -> [(Kind, Substring)]? {
        let n = a.count, m = b.count
        if n == 0 { return m <= maxEdits ? b.map { (.inserted, $0) } : nil }
        if m == 0 { return n <= maxEdits ? a.map { (.deleted, $0) } : nil }
        let limit = min(n + m, maxEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for d in 0...limit {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]) ? v[k + 1 + offset] : v[k - 1 + offset] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[k + offset] = x
                if x >= n, y >= m { return backtrack(a, b, trace: trace, offset: offset) }
            }
        }
        return nil
    }

    private static func backtrack(_ a: [Substring], _ b: [Substring], trace: [[Int]], offset: Int) -> [(Kind, Substring)] {
        var x = a.count, y = b.count
        var reversed: [(Kind, Substring)] = []
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d], k = x - y
            let previousK = k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]) ? k + 1 : k - 1
            let previousX = v[previousK + offset], previousY = previousX - previousK
            while x > previousX, y > previousY {
                reversed.append((.same, a[x - 1]))
                x -= 1
                y -= 1
            }
            guard d > 0 else { break }
            if x == previousX {
                reversed.append((.inserted, b[y - 1]))
            } else {
                reversed.append((.deleted, a[x - 1]))
            }
            x = previousX
            y = previousY
        }
        return reversed.reversed()
    }

    private struct SegmentBuilder {
        var segments: [Segment] = []

        mutating func append(_ kind: Kind, _ token: Substring) {
            if let last = segments.last, last.kind == kind {
                segments[segments.count - 1].text += token
            } else {
                segments.append(Segment(kind: kind, text: String(token)))
            }
        }
    }
}

private extension Character {
    enum TokenClass { case word, space, other }

    var tokenClass: TokenClass {
        if isWhitespace { return .space }
        if isLetter || isNumber || self == "_" { return .word }
        return .other
    }
}
