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
            result = String(String.UnicodeScalarView(result.unicodeScalars.filter {
                !CharacterSet.punctuationCharacters.contains($0) && !CharacterSet.symbols.contains($0)
            }))
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
