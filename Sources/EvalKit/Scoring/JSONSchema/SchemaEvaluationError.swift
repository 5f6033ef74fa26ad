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
            return "cannot validate: subschemas nest more than \(limit) deep at instance \(instanceLocation.isEmpty ? "(root)" : instanceLocation) "
                + "(schema \(keywordLocation.isEmpty ? "(root)" : keywordLocation))"
        }
    }

    public var errorDescription: String? { description }
}
