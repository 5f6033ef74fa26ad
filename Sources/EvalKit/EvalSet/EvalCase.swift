/// One case of an eval set: the variables a prompt is rendered with and the answer expected.
public struct EvalCase: Sendable, Hashable {
    public let id: String
    public let vars: [String: JSONValue]
    public let expected: JSONValue
    public let tags: [String]
    /// The line of the cases file the case was read from.
    public let line: Int
    /// SHA-256 of the case's content (vars and expected): changes whenever what is asked or expected changes.
    public var contentHash: String { contentDigest.hex }
    /// The same digest as 32 bytes, as every loaded case keeps it.
    let contentDigest: SHA256.Digest

    public init(id: String, vars: [String: JSONValue], expected: JSONValue, tags: [String] = [], line: Int = 0) {
        self.id = id
        self.vars = vars
        self.expected = expected
        self.tags = tags
        self.line = line
        contentDigest = SHA256.Digest(of: JSONValue.object(["vars": .object(vars), "expected": expected]).canonicalJSON)
    }

    private init(copying other: EvalCase, expected: JSONValue) {
        id = other.id
        vars = other.vars
        self.expected = expected
        tags = other.tags
        line = other.line
        contentDigest = other.contentDigest
    }

    /// The case as a scorer with `expected_var` sees it: `expected` replaced, everything else (its hash too) kept.
    public func replacingExpected(_ expected: JSONValue) -> EvalCase {
        EvalCase(copying: self, expected: expected)
    }
}
