import Foundation

/// The normalizations `exact` and `contains` can apply to both output and expected text before comparing.
public enum TextNormalization: String, Sendable, CaseIterable {
    case trim
    case casefold
    case collapseWhitespace = "collapse_whitespace"
    case stripPunctuation = "strip_punctuation"
    /// SQuAD's (and OpenAI Evals') answer normalization, exactly: lowercase, ASCII punctuation removed, the words
    /// a/an/the removed, whitespace collapsed to single spaces and trimmed. Applied after the other steps.
    case squad

    /// Applies `steps` in a fixed order (strip punctuation, collapse whitespace, trim, casefold), whatever order they
    /// were listed in, so that `[trim, strip_punctuation]` cannot leave a space behind a stripped final period.
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
            result = result.lowercased()
        }
        if steps.contains(.squad) {
            result = squad(result)
        }
        return result
    }

    /// Python's `normalize` from OpenAI Evals (`s.lower()`, drop `string.punctuation`, `re.sub(r"\b(a|an|the)\b", " ", s)`,
    /// `" ".join(s.split())`), scalar for scalar: word characters are Python's `\w` (letters, digits, `_`), whitespace
    /// is what `str.split()` splits on.
    public static func squad(_ text: String) -> String {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var token = String.UnicodeScalarView()   // the current whitespace-free token, articles removed
        func endWord() {
            let text = String(word)
            if text != "a" && text != "an" && text != "the" { token.append(contentsOf: word) }
            else if !token.isEmpty { words.append(String(token)); token = String.UnicodeScalarView() }
            word = String.UnicodeScalarView()
        }
        func endToken() {
            if !token.isEmpty { words.append(String(token)); token = String.UnicodeScalarView() }
        }
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII && asciiPunctuation.contains(UInt8(scalar.value)) { continue }
            if isPythonWordScalar(scalar) { word.append(scalar); continue }
            endWord()
            if isPythonWhitespace(scalar) { endToken() } else { token.append(scalar) }
        }
        endWord()
        endToken()
        return words.joined(separator: " ")
    }

    /// Python's `string.punctuation`.
    private static let asciiPunctuation = Set(##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##.utf8)

    /// Python's `\w` for str patterns: `str.isalnum()` or `_`.
    private static func isPythonWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    /// What Python's `str.split()` splits on: Unicode White_Space, and the separators U+001C…U+001F.
    private static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

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
