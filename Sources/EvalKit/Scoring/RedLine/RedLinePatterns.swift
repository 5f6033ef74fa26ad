import Foundation

/// The regular expressions and keywords of a `red_line_pattern` scorer, compiled once when the eval set is loaded.
///
/// Matching is time-capped: ICU reports progress while it matches, and a match that runs past `timeLimit` (a
/// pattern with nested repetition such as `(a+)+$` meeting a long output) is stopped and reported as an error, never
/// as a pass.
struct RedLinePatterns: Sendable {
    struct Entry: Sendable {
        /// How a hit is named: `pattern /…/` or `keyword "…"`.
        let rule: String
        /// Keywords are the user's own words, shown whole; a pattern's match may be a secret, shown masked.
        let showsMatch: Bool
        let expression: RegularExpressionBox
    }

    let entries: [Entry]
    let timeLimit: Duration

    /// A keyword matches without case, and on a word boundary at each end that is a letter, digit or underscore
    /// (`ssn` does not match in `lessons`; `$$$` matches anywhere).
    static func keywordPattern(_ keyword: String) -> String {
        let escaped = NSRegularExpression.escapedPattern(for: keyword)
        func isWord(_ character: Character?) -> Bool { character.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        let before = isWord(keyword.first) ? "(?<![\\p{L}\\p{N}_])" : ""
        let after = isWord(keyword.last) ? "(?![\\p{L}\\p{N}_])" : ""
        return before + escaped + after
    }

    /// Compiles `patterns` (ICU syntax) and `keywords`; a bad pattern is reported with its place in the list.
    init(patterns: [String], keywords: [String], timeLimit: Duration = .seconds(2)) throws(RedLinePatternError) {
        var entries: [Entry] = []
        for (index, pattern) in patterns.enumerated() {
            guard !pattern.isEmpty else { throw .empty("patterns", index) }
            do {
                entries.append(Entry(rule: "pattern /\(pattern)/", showsMatch: false,
                                     expression: RegularExpressionBox(try NSRegularExpression(pattern: pattern))))
            } catch {
                throw .invalid(pattern, index)
            }
        }
        for (index, keyword) in keywords.enumerated() {
            guard !keyword.trimmingCharacters(in: .whitespaces).isEmpty else { throw .empty("keywords", index) }
            // An escaped literal always compiles.
            let expression = try! NSRegularExpression(pattern: Self.keywordPattern(keyword), options: [.caseInsensitive])
            entries.append(Entry(rule: "keyword \(JSONValue.string(keyword).canonicalJSON)", showsMatch: true,
                                 expression: RegularExpressionBox(expression)))
        }
        self.entries = entries
        self.timeLimit = timeLimit
    }

    /// Every match in `text` (at most `limit` per entry), or an error when matching ran past the time limit.
    func hits(in text: String, limit: Int = 20) throws(RedLinePatternError) -> (hits: [RedLineHit], total: Int) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeLimit
        let whole = NSRange(text.startIndex..., in: text)
        var hits: [RedLineHit] = []
        var total = 0
        for entry in entries {
            var timedOut = false
            var found = 0
            entry.expression.value.enumerateMatches(in: text, options: [.reportProgress], range: whole) { match, _, stop in
                if clock.now > deadline {
                    timedOut = true
                    stop.pointee = true
                    return
                }
                guard let match, let range = Range(match.range, in: text) else { return }
                found += 1
                if found <= limit {
                    let matched = text[range]
                    hits.append(RedLineHit(
                        rule: entry.rule, offset: text.utf8.distance(from: text.startIndex, to: range.lowerBound),
                        length: matched.utf8.count, excerpt: entry.showsMatch ? String(matched.prefix(40)) : RedLineHit.masked(matched)))
                }
            }
            if timedOut { throw .timedOut(entry.rule, timeLimit) }
            total += found
        }
        return (hits.sorted { $0.offset < $1.offset }, total)
    }
}

enum RedLinePatternError: Error, Sendable, DescribedError {
    case invalid(String, Int)
    case empty(String, Int)
    case timedOut(String, Duration)

    var description: String {
        switch self {
        case .invalid(let pattern, let index):
            "'patterns' item \(index + 1) is not a valid regular expression (ICU syntax): \(pattern)"
        case .empty(let key, let index):
            "'\(key)' item \(index + 1) is empty"
        case .timedOut(let rule, let limit):
            "\(rule) did not finish within \(limit.components.seconds) s on this output; rewrite it without nested repetition such as (a+)+"
        }
    }
}

/// `NSRegularExpression` is immutable and thread-safe once built, but not declared `Sendable` on Linux.
struct RegularExpressionBox: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}
