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
