/// What makes two runs' suites comparable: the same eval set, prompt version id and backend name.
public struct SuiteKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var evalset: String
    public var promptID: String
    public var backend: String

    public init(evalset: String, promptID: String, backend: String) {
        self.evalset = evalset
        self.promptID = promptID
        self.backend = backend
    }

    public var description: String { "\(evalset) / \(promptID) / \(backend)" }

    public static func < (lhs: SuiteKey, rhs: SuiteKey) -> Bool {
        (lhs.evalset, lhs.promptID, lhs.backend) < (rhs.evalset, rhs.promptID, rhs.backend)
    }
}
