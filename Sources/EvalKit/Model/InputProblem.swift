import Foundation

/// One problem with user input, located by file and line: what `evalset lint` prints and `run` refuses to start on.
public struct InputProblem: Error, Sendable, Hashable, DescribedError {
    public let file: String
    public let line: Int?
    /// The 1-based column in bytes (UTF-8 code units) within the line, when the problem is at one spot of it.
    public let column: Int?
    public let message: String

    public init(file: String, line: Int?, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = line == nil ? nil : column
        self.message = message
    }

    /// `file:line: message` or `file:line:column: message`, the forms compilers use, so editors can jump to it.
    public var description: String {
        guard let line else { return "\(file): \(message)" }
        if let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file):\(line): \(message)"
    }
}

/// Input that cannot be used, with every problem found: the command-line tool exits 2 on it.
public struct InvalidInput: Error, Sendable, DescribedError {
    public let problems: [InputProblem]

    public init(_ problems: [InputProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
