/// The known name a misspelt one was most likely meant to be, for "did you mean …?" in input problems.
///
/// ```swift
/// NameSuggestion.hint(for: "min_pas_rate", among: ["name", "min_pass_rate"])   // " (did you mean 'min_pass_rate'?)"
/// ```
public enum NameSuggestion {
    /// The closest of `candidates` to `name` by edit distance (insertions, deletions, substitutions and swaps of
    /// neighbours, case-insensitive), or nil when none is close enough to be a plausible typo: at most a third of the
    /// name's length, and never more than 3 edits. Ties go to the candidate listed first.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let typed = Array(name.lowercased().unicodeScalars)
        let allowed = min(3, max(1, typed.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(typed, Array(candidate.lowercased().unicodeScalars), limit: allowed)
            if distance <= allowed, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// ` (did you mean 'x'?)` when a candidate is close, else an empty string: appended to a problem's message.
    public static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// `unknown key 'x' (did you mean 'y'?)` when a known name is close, else `unknown key 'x' (expected: a, b)`:
    /// the one wording every check of names uses; `noun` is what a name is there (key, option, scorer type), `listing`
    /// introduces the known names.
    public static func unknown(_ noun: String, _ name: String, known: some Collection<String>, listing: String = "expected") -> String {
        if let suggestion = closest(to: name, among: known) { return "unknown \(noun) '\(name)' (did you mean '\(suggestion)'?)" }
        return "unknown \(noun) '\(name)' (\(listing): \(known.joined(separator: ", ")))"
    }

    /// Optimal string alignment distance, or `limit + 1` as soon as it must exceed `limit` (so a long hostile name
    /// costs nothing against short known ones).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
