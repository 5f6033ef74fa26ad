import Foundation

/// The normalizations the text scorers (`exact`, `contains`, `starts_with`, `levenshtein`) can apply to both output
/// and expected text before comparing.
public enum TextNormalization: String, Sendable, CaseIterable {
    case trim
    /// Lowercase as Python's `str.lower()` and JavaScript's `toLowerCase()` do (what OpenAI Evals' and promptfoo's
    /// case-insensitive checks call): full mappings (`İ` → `i̇`), and `Σ` → `ς` at the end of a word.
    case casefold
    case collapseWhitespace = "collapse_whitespace"
    case stripPunctuation = "strip_punctuation"
    /// SQuAD's (and OpenAI Evals') answer normalization, exactly: lowercase, ASCII punctuation removed, the words
    /// a/an/the removed, whitespace collapsed to single spaces and trimmed. Applied after the other steps.
    case squad

    /// Applies `steps` in a fixed order (strip punctuation, collapse whitespace, trim, casefold, squad), whatever
    /// order they were listed in, so that `[trim, strip_punctuation]` cannot leave a space behind a stripped final period.
    public static func apply(_ steps: Set<TextNormalization>, to text: String) -> String {
        var result = text
        if steps.contains(.stripPunctuation) {
            result = stripPunctuation(result)
        }
        if steps.contains(.collapseWhitespace) {
            result = result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        if steps.contains(.trim) {
            result = result.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if steps.contains(.casefold) {
            result = PythonText.lowercased(result)
        }
        if steps.contains(.squad) {
            result = squad(result)
        }
        return result
    }

    /// OpenAI Evals' `normalize` (`evals/elsuite/utils.py`), the SQuAD answer normalization, as one string.
    public static func squad(_ text: String) -> String {
        var result = ""
        for (index, word) in squadWords(text).enumerated() {
            if index > 0 { result.unicodeScalars.append(" ") }
            result.unicodeScalars.append(contentsOf: word)
        }
        return result
    }

    /// OpenAI Evals' `normalize(s).split()`, step for step on code points:
    ///
    /// ```python
    /// s = s.lower()
    /// s = "".join(char for char in s if char not in set(string.punctuation))
    /// s = re.sub(r"\b(a|an|the)\b", " ", s)
    /// " ".join(s.split())
    /// ```
    /// A match of `\b(a|an|the)\b` is exactly a maximal run of `\w` characters that spells an article.
    static func squadWords(_ text: String) -> [ArraySlice<Unicode.Scalar>] {
        let lowered = PythonText.lowercased(Array(text.unicodeScalars))
        var replaced: [Unicode.Scalar] = []
        replaced.reserveCapacity(lowered.count)
        var run: [Unicode.Scalar] = []
        func endRun() {
            if run == ["a"] || run == ["a", "n"] || run == ["t", "h", "e"] { replaced.append(" ") } else { replaced += run }
            run.removeAll(keepingCapacity: true)
        }
        for scalar in lowered where !(scalar.isASCII && asciiPunctuation.contains(UInt8(scalar.value))) {
            if PythonText.isWordCharacter(scalar) {
                run.append(scalar)
            } else {
                endRun()
                replaced.append(scalar)
            }
        }
        endRun()
        return PythonText.split(replaced)
    }

    /// Python's `string.punctuation`.
    private static let asciiPunctuation = Set(##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##.utf8)

    /// Removes punctuation and symbols, except where they are part of a number: a sign before a digit at the start
    /// of a word (`-7`) and a decimal or thousands separator between digits (`3.5`, `1,000`), so `-7` never equals `7`.
    static func stripPunctuation(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var kept = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            let isPunctuation = CharacterSet.punctuationCharacters.contains(scalar) || CharacterSet.symbols.contains(scalar)
            guard isPunctuation else {
                kept.append(scalar)
                continue
            }
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let nextIsDigit = next.map(CharacterSet.decimalDigits.contains) ?? false
            let previousIsDigit = previous.map(CharacterSet.decimalDigits.contains) ?? false
            let startsWord = previous.map(CharacterSet.whitespacesAndNewlines.contains) ?? true
            if (scalar == "-" || scalar == "+" || scalar == "\u{2212}") && nextIsDigit && startsWord { kept.append(scalar) }
            else if (scalar == "." || scalar == ",") && previousIsDigit && nextIsDigit { kept.append(scalar) }
        }
        return String(kept)
    }

    /// Reads the `normalize` option: a list of step names.
    static func parse(_ value: JSONValue?, spec: ScorerSpec) throws(InputProblem) -> Set<TextNormalization> {
        guard let value else { return [] }
        guard let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count else {
            throw spec.problem("'normalize' must be a list, e.g. [trim, casefold]")
        }
        var steps: Set<TextNormalization> = []
        for name in names {
            guard let step = TextNormalization(rawValue: name) else {
                throw spec.problem("unknown normalization '\(name)' (expected one of: \(allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            steps.insert(step)
        }
        return steps
    }
}
