import Foundation

/// Reads a feedback file (JSON Lines) the way `CassetteReader` reads a cassette: a chunk and one line in memory at a
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
    static let chunkBytes = 1 << 20

    public init(path: String, maximumLineBytes: Int = FeedbackReader.maximumLineBytes) {
        self.path = path
        self.maximumLineBytes = maximumLineBytes
    }

    /// Every record in file order, each with its line number; `InvalidInput` listing every bad line.
    public func records(importedAt: Date = Date()) throws(InvalidInput) -> [(record: FeedbackRecord, line: Int)] {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw InvalidInput([InputProblem(file: path, line: nil, message: "cannot read feedback file (\(InputText.reason(error)))")])
        }
        defer { try? handle.close() }
        var collector = Collector(path: path, maximumProblems: maximumProblems, importedAt: importedAt)
        var pending: [UInt8] = []
        var lineNumber = 1
        var atStart = true
        var skipping = false
        while true {
            let chunk: Data
            do {
                guard let read = try handle.read(upToCount: Self.chunkBytes), !read.isEmpty else { break }
                chunk = atStart ? InputText.withoutByteOrderMark(read) : read
                atStart = false
            } catch {
                collector.add(InputProblem(file: path, line: lineNumber, message: "cannot read feedback file (\(InputText.reason(error)))"))
                break
            }
            var start = chunk.startIndex
            // A line over the cap is reported and its bytes dropped up to its newline, so later lines are still checked.
            while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if !skipping {
                    pending.append(contentsOf: chunk[start..<newline])
                    if pending.count > maximumLineBytes { tooLong(&collector, lineNumber) } else { collector.take(pending, number: lineNumber) }
                }
                pending.removeAll(keepingCapacity: true)
                skipping = false
                lineNumber += 1
                start = newline + 1
            }
            if !skipping, start < chunk.endIndex { pending.append(contentsOf: chunk[start...]) }
            if !skipping, pending.count > maximumLineBytes {
                tooLong(&collector, lineNumber)
                pending.removeAll()
                skipping = true
            }
        }
        if !skipping, !pending.isEmpty { collector.take(pending, number: lineNumber) }
        return try collector.result()
    }

    private func tooLong(_ collector: inout Collector, _ line: Int) {
        collector.add(InputProblem(file: path, line: line, message: "line is longer than \(CassetteReader.size(maximumLineBytes)), the most a feedback line may hold"))
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
