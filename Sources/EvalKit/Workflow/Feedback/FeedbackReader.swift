import Foundation

/// Reads a feedback file (JSON Lines) through `LineReader`, as `CassetteReader` reads a cassette: a chunk and one line in memory at a
/// time, every line checked, a line over `maximumLineBytes` refused without being buffered whole. Any bad line makes
/// the file unusable, so `evalctl feedback import` stores all of it or nothing.
///
/// ```swift
/// let records = try FeedbackReader(path: "feedback/2026-12-01.jsonl").records()
/// ```
public struct FeedbackReader {
    /// The longest line accepted: a long chat with its answer fits; a file with no newlines cannot exhaust memory.
    public static let maximumLineBytes = 4 << 20
    public let path: String
    public var maximumLineBytes: Int
    /// How many problems are listed before the rest are counted.
    public var maximumProblems = 50

    public init(path: String, maximumLineBytes: Int = FeedbackReader.maximumLineBytes) {
        self.path = path
        self.maximumLineBytes = maximumLineBytes
    }

    /// Every record in file order, each with its line number; `InvalidInput` listing every bad line.
    public func records(importedAt: Date = Date()) throws(InvalidInput) -> [(record: FeedbackRecord, line: Int)] {
        var collector = Collector(path: path, maximumProblems: maximumProblems, importedAt: importedAt)
        do {
            // A line over the cap is reported and skipped, so the lines after it are still checked.
            try LineReader(path: path, maximumLineBytes: maximumLineBytes).forEach { line, number in
                switch line {
                case .text(let bytes):
                    collector.take(bytes, number: number)
                case .tooLong:
                    collector.add(InputProblem(
                        file: path, line: number,
                        message: "line is longer than \(CassetteReader.size(maximumLineBytes)), the most a feedback line may hold"))
                case .unreadable(let reason):
                    collector.add(InputProblem(file: path, line: number, message: "cannot read feedback file (\(reason))"))
                }
                return .proceed
            }
        } catch {
            throw InvalidInput([InputProblem(file: path, line: nil, message: "cannot read feedback file (\(error.reason))")])
        }
        return try collector.result()
    }

    /// The records and problems found so far; once a line is bad, records are no longer kept (nothing will be stored).
    private struct Collector {
        let path: String
        let maximumProblems: Int
        let importedAt: Date
        var records: [(record: FeedbackRecord, line: Int)] = []
        var problems: [InputProblem] = []
        var unlisted = 0
        var firstLineOfID: [String: Int] = [:]

        init(path: String, maximumProblems: Int, importedAt: Date) {
            self.path = path
            self.maximumProblems = maximumProblems
            self.importedAt = importedAt
        }

        mutating func take(_ line: [UInt8], number: Int) {
            guard line.contains(where: { !(0x20 == $0 || 0x09 == $0 || 0x0D == $0) }) else { return }
            do {
                let record = try FeedbackLine(file: path, number: number).record(fromLine: line, importedAt: importedAt)
                if let first = firstLineOfID[record.id] {
                    add(InputProblem(file: path, line: number, message: "id \(JSONValue.string(record.id).canonicalJSON) is already on line \(first): an id appears once"))
                } else {
                    firstLineOfID[record.id] = number
                    if problems.isEmpty { records.append((record, number)) }
                }
            } catch {
                add(error)
            }
        }

        mutating func add(_ problem: InputProblem) {
            if problems.count < maximumProblems { problems.append(problem) } else { unlisted += 1 }
            records = []
        }

        func result() throws(InvalidInput) -> [(record: FeedbackRecord, line: Int)] {
            guard problems.isEmpty else {
                let more = unlisted > 0 ? [InputProblem(file: path, line: nil, message: "\(unlisted) more bad lines not listed")] : []
                throw InvalidInput(problems + more + [InputProblem(file: path, line: nil, message: "nothing was imported")])
            }
            return records
        }
    }
}

/// `evalctl feedback import`: read and check the whole file, then store it in one transaction.
public enum FeedbackImport {
    /// Stores the records read from `path` (by `FeedbackReader`, before the store is opened). Records whose id is
    /// stored with different content are an `InvalidInput` naming their lines (nothing stored) unless `replace`.
    public static func store(_ read: [(record: FeedbackRecord, line: Int)], from path: String, into store: any ResultStore,
                             replace: Bool = false) async throws -> FeedbackImportOutcome {
        let outcome = try await store.importFeedback(read.map(\.record), replace: replace)
        if !outcome.changedIDs.isEmpty, !replace {
            let changed = Set(outcome.changedIDs)
            let problems = read.filter { changed.contains($0.record.id) }.prefix(50).map {
                InputProblem(file: path, line: $0.line, message: "id \(JSONValue.string($0.record.id).canonicalJSON) is already stored with different content (use --replace to update it)")
            }
            let more = changed.count > problems.count ? [InputProblem(file: path, line: nil, message: "\(changed.count - problems.count) more changed ids not listed")] : []
            throw InvalidInput(problems + more + [InputProblem(file: path, line: nil, message: "nothing was imported")])
        }
        return outcome
    }
}
