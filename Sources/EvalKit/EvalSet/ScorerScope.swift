import Foundation

/// The keys every scorer entry may carry besides its own options, applied around the scorer:
///
/// ```yaml
/// - {type: contains, only_tags: [greeting]}            # scores only cases tagged `greeting`; others get no score from it
/// - {type: contains, expected_var: must_mention}      # looks for vars.must_mention instead of `expected`
/// - {type: contains, value: "As an AI", negate: true}  # passes when the inner scorer fails
/// ```
/// Importers use them to carry per-test assertions (promptfoo's `assert` lists, `not-` prefixes) into one eval set.
public struct ScorerScope: Sendable, Hashable {
    /// The generic keys, allowed on every scorer entry.
    public static let keys: Set<String> = ["only_tags", "expected_var", "negate"]

    /// Cases with at least one of these tags are scored; nil scores every case.
    public var onlyTags: Set<String>?
    /// The case variable to use as the expected answer.
    public var expectedVariable: String?
    /// Pass exactly when the inner scorer fails. Red lines refuse it (their options say why): it would pass every
    /// output that crosses the line.
    public var negate = false

    public var isEmpty: Bool { onlyTags == nil && expectedVariable == nil && !negate }

    /// Reads the generic keys of `spec`.
    public init(spec: ScorerSpec) throws(InputProblem) {
        if let value = spec.options["only_tags"] {
            let tags = value.stringValue.map { [$0] } ?? value.arrayValue?.compactMap(\.stringValue)
            guard let tags, !tags.isEmpty, tags.count == (value.stringValue == nil ? value.arrayValue?.count : 1) else {
                throw spec.problem("'only_tags' must be a tag or a non-empty list of tags")
            }
            onlyTags = Set(tags)
        }
        if let value = spec.options["expected_var"] {
            guard let name = value.stringValue, !name.isEmpty else { throw spec.problem("'expected_var' must be the name of a case variable") }
            expectedVariable = name
        }
        if let value = spec.options["negate"] {
            guard let flag = value.boolValue else { throw spec.problem("'negate' must be true or false") }
            negate = flag
        }
    }

    /// Whether the scorer scores `evalCase` at all.
    public func applies(to evalCase: EvalCase) -> Bool {
        guard let onlyTags else { return true }
        return evalCase.tags.contains(where: onlyTags.contains)
    }
}
