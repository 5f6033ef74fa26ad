import Foundation

/// Why an instance could not be validated at all, as opposed to being invalid: the `json_schema` scorer makes such a
/// case an error (never a failure), and `evalctl schema validate` exits 2.
public enum SchemaEvaluationError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    /// The current task was cancelled part-way through the validation.
    case cancelled
    /// Subschemas were evaluated one inside another more than `limit` times (a deep instance under a recursive
    /// schema); the locations are where the limit was reached.
    case tooDeep(limit: Int, instanceLocation: String, keywordLocation: String)

    public var description: String {
        switch self {
        case .cancelled:
            return "the validation was cancelled"
        case .tooDeep(let limit, let instanceLocation, let keywordLocation):
            return "subschemas nest more than \(limit) deep at instance \(SchemaEvaluationError.shortened(instanceLocation)) "
                + "(schema \(SchemaEvaluationError.shortened(keywordLocation)))"
        }
    }

    /// A path of hundreds of levels, cut in the middle so a message stays readable.
    private static func shortened(_ path: String) -> String {
        if path.isEmpty { return "(root)" }
        guard path.count > 120 else { return path }
        return path.prefix(50) + "/…" + path.suffix(60)
    }

    public var errorDescription: String? { description }
}
