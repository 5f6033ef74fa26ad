/// One problem with user input, located by file and line: what `evalset lint` prints and `run` refuses to start on.
public struct InputProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Input that cannot be used, with every problem found: the command-line tool exits 2 on it.
public struct InvalidInput: Error, Sendable, CustomStringConvertible {
    public let problems: [InputProblem]

    public init(_ problems: [InputProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
