import Foundation

/// A scorer as an eval set configures it: its type, its options, and where it was written.
public struct ScorerSpec: Sendable, Hashable {
    public let type: String
    /// Every option of the entry, `type` included, as written.
    public let options: [String: JSONValue]
    public let file: String
    public let line: Int

    public init(type: String, options: [String: JSONValue], file: String = "", line: Int = 0) {
        self.type = type
        self.options = options
        self.file = file
        self.line = line
    }

    /// A problem located at this entry.
    public func problem(_ message: String) -> InputProblem {
        InputProblem(file: file, line: line, message: "scorer '\(type)': \(message)")
    }
}

/// How `EvalSetLoader` checks a scorer entry: supplied from above (the scorer registry), so an eval set can be
/// linted with scorer problems at their line without this layer knowing any scorer.
public struct ScorerSpecCheck: Sendable {
    /// The scorer types, named in the message for an entry without `type`.
    public let knownTypes: [String]
    public let check: @Sendable (ScorerSpec, URL) throws(InputProblem) -> Void

    public init(knownTypes: [String], check: @escaping @Sendable (ScorerSpec, URL) throws(InputProblem) -> Void) {
        self.knownTypes = knownTypes
        self.check = check
    }

    /// Checks nothing beyond the entry's shape.
    public static let none = ScorerSpecCheck(knownTypes: []) { _, _ throws(InputProblem) in }
}
