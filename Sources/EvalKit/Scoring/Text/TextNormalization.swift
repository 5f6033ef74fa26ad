import Foundation

/// The normalizations `exact` and `contains` can apply to both output and expected text before comparing.
public enum TextNormalization: String, Sendable, CaseIterable {
    case trim
    case casefold
    case collapseWhitespace = "collapse_whitespace"
    case stripPunctuation = "strip_punctuation"

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
        return result
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
