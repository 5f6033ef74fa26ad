import Foundation

/// Reads a cassette file line by line (a chunk and one line in memory at a time, never the whole file), checking every
/// line; any bad line makes the whole file unusable, so an import stores all of it or nothing.
///
/// ```swift
/// let answers = try CassetteReader(path: "cassettes/qa.jsonl").answers()
/// ```
public struct CassetteReader {
    public let path: String
    public var maximumLineBytes: Int
    /// How many problems are listed before the rest are counted.
    public var maximumProblems = 20

    public init(path: String, maximumLineBytes: Int = Cassette.maximumLineBytes) {
        self.path = path
        self.maximumLineBytes = maximumLineBytes
    }

    /// Every answer in the file, in file order; `InvalidInput` with each bad line (file:line and what was expected).
    public func answers() throws(InvalidInput) -> [CachedAnswer] {
        var collector = Collector(path: path, maximumProblems: maximumProblems)
        do {
            try LineReader(path: path, maximumLineBytes: maximumLineBytes).forEach { line, number in
                switch line {
                case .text(let bytes):
                    collector.take(bytes, number: number)
                case .tooLong:
                    collector.add(InputProblem(
                        file: path, line: number,
                        message: "line is longer than \(Self.size(maximumLineBytes)), the most a cassette line may hold (is this a cassette?)"))
                    return .stop
                case .unreadable(let reason):
                    collector.add(InputProblem(file: path, line: number, message: "cannot read cassette (\(reason))"))
                }
                return .proceed
            }
        } catch {
            throw InvalidInput([InputProblem(file: path, line: nil, message: "cannot read cassette (\(error.reason))")])
        }
        return try collector.result()
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }

    /// The answers and problems found so far; once a line is bad, answers are no longer kept (nothing will be stored).
    private struct Collector {
        let path: String
        let maximumProblems: Int
        var answers: [CachedAnswer] = []
        var problems: [InputProblem] = []
        var unlisted = 0
        var firstLineOfKey: [String: Int] = [:]

        init(path: String, maximumProblems: Int) {
            self.path = path
            self.maximumProblems = maximumProblems
        }

        mutating func take(_ line: [UInt8], number: Int) {
            guard line.contains(where: { !(0x20 == $0 || 0x09 == $0 || 0x0D == $0) }) else { return }
            do {
                let answer = try Cassette.answer(fromLine: line, file: path, number: number)
                if let first = firstLineOfKey[answer.key] {
                    add(InputProblem(file: path, line: number, message: "key \(answer.key) is already on line \(first): a key appears once"))
                } else {
                    firstLineOfKey[answer.key] = number
                    if problems.isEmpty { answers.append(answer) }
                }
            } catch {
                add(error)
            }
        }

        mutating func add(_ problem: InputProblem) {
            if problems.count < maximumProblems { problems.append(problem) } else { unlisted += 1 }
            answers = []
        }

        func result() throws(InvalidInput) -> [CachedAnswer] {
            guard problems.isEmpty else {
                let more = unlisted > 0 ? [InputProblem(file: path, line: nil, message: "\(unlisted) more bad lines not listed")] : []
                throw InvalidInput(problems + more + [InputProblem(file: path, line: nil, message: "nothing was imported")])
            }
            return answers
        }
    }
}
