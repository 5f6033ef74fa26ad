import Foundation

/// `regex`: the output matches a regular expression (ICU syntax, searched anywhere unless anchored).
///
/// ```yaml
/// - {type: regex, pattern: "^\\d+$"}
/// - {type: regex, pattern: "paris", ignore_case: true, name: mentions-paris}
/// ```
public struct RegexScorer: Scorer {
    public let name: String
    public let threshold: Double
    public let pattern: String
    private let expression: NSRegularExpressionBox

    public init(name: String = "regex", pattern: String, ignoreCase: Bool = false, threshold: Double = 1) throws {
        self.name = name
        self.pattern = pattern
        self.threshold = threshold
        expression = NSRegularExpressionBox(try NSRegularExpression(pattern: pattern, options: ignoreCase ? [.caseInsensitive] : []))
    }

    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["pattern", "ignore_case"])
        guard let pattern = try options.string("pattern") else { throw spec.problem("missing 'pattern'") }
        do {
            try self.init(name: options.name, pattern: pattern, ignoreCase: try options.bool("ignore_case", default: false),
                          threshold: try options.threshold(default: 1))
        } catch let problem as InputProblem {
            throw problem
        } catch {
            throw spec.problem("'pattern' is not a valid regular expression: \(pattern)")
        }
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let range = NSRange(input.output.startIndex..., in: input.output)
        let matched = expression.value.firstMatch(in: input.output, range: range) != nil
        let reason = matched ? "matches /\(pattern)/" : "does not match /\(pattern)/"
        return Score(scorer: name, value: matched ? 1 : 0, threshold: threshold, reason: reason)
    }
}

/// `NSRegularExpression` is immutable and thread-safe once built, but not declared `Sendable` on Linux.
private struct NSRegularExpressionBox: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}
