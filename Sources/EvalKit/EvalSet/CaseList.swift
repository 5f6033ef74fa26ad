import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The cases of an eval set, in file order.
///
/// A run's memory must not grow with its eval set, and 100,000 cases kept as values took about 30 MB. Cases read from
/// a cases file are therefore kept as where they are, 16 bytes each: while loading, the lines that were checked are
/// copied into an unlinked temporary file only this process holds, and a case is parsed again from there each time it
/// is used (the runner uses each case once per repeat). The copy means an edit of the cases file during a run cannot
/// change what the run sends. Cases built in code (importers, tests) are kept as values.
public struct CaseList: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case values([EvalCase])
        /// The copy's cases at `positions` (all of them when nil).
        case file(CaseFile, positions: [Int32]?)
    }

    private let storage: Storage

    public init(_ cases: [EvalCase]) {
        storage = .values(cases)
    }

    public init(arrayLiteral cases: EvalCase...) {
        storage = .values(cases)
    }

    init(file: CaseFile) {
        storage = .file(file, positions: nil)
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .values(let cases): cases.count
        case .file(let file, let positions): positions?.count ?? file.count
        }
    }

    public subscript(position: Int) -> EvalCase {
        switch storage {
        case .values(let cases): cases[position]
        case .file(let file, let positions): file.read(positions.map { Int($0[position]) } ?? position)
        }
    }

    /// The cases at `positions` (indices of this list, ascending), kept the same way as this list keeps its own.
    public func selecting(_ positions: [Int]) -> CaseList {
        switch storage {
        case .values(let cases):
            return CaseList(positions.map { cases[$0] })
        case .file(let file, let current):
            return CaseList(storage: .file(file, positions: positions.map { current?[$0] ?? Int32($0) }))
        }
    }

    /// Whether the cases are parsed again from a copy of their file on each use (false: kept as values).
    var isFileBacked: Bool {
        if case .file = storage { return true }
        return false
    }
}

/// A private copy of the checked lines of a cases file, and where each case's line is in it.
final class CaseFile: Sendable {
    /// Where one case's line is in the copy (16 bytes).
    struct Entry: Sendable {
        let offset: Int64
        let length: UInt32
        /// The line in the original file, for messages.
        let line: UInt32
    }

    private let descriptor: Int32
    private let entries: [Entry]
    /// The original file, for messages.
    let displayPath: String

    fileprivate init(descriptor: Int32, entries: [Entry], displayPath: String) {
        self.descriptor = descriptor
        self.entries = entries
        self.displayPath = displayPath
    }

    var count: Int { entries.count }

    /// Parses case `index` again from the copy. Every line in the copy was parsed and checked when it was written, so
    /// only an I/O failure of the temporary file can make this fail.
    func read(_ index: Int) -> EvalCase {
        let entry = entries[index]
        let length = Int(entry.length)
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            var done = 0
            while done < length {
                let count = pread(descriptor, buffer.baseAddress! + done, length - done, off_t(entry.offset) + off_t(done))
                if count > 0 {
                    done += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    failure = count == 0 ? EIO : errno
                    break
                }
            }
            initialized = done
        }
        guard failure == 0, let evalCase = try? CasesFileReader.evalCase(fromCheckedLine: bytes, line: Int(entry.line)) else {
            fatalError("evalctl: cannot read back the case at \(displayPath):\(entry.line) from its temporary copy (\(String(cString: strerror(failure == 0 ? EIO : failure)))); the temporary directory's disk failed")
        }
        return evalCase
    }

    deinit {
        close(descriptor)
    }
}

/// Writes the checked lines of a cases file into an unlinked temporary file, through a buffer.
struct CaseFileWriter {
    private var descriptor: Int32
    private var entries: [Entry] = []
    private var buffer: [UInt8] = []
    private var written: Int64 = 0
    private let displayPath: String
    typealias Entry = CaseFile.Entry

    /// Nil when no temporary file can be made (the cases are then kept in memory).
    init?(displayPath: String) {
        let directory = FileManager.default.temporaryDirectory.path
        var template = Array((directory + "/evalctl-cases-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        // Unlinked at once: nothing else can open it, and it goes when the process does, however it ends.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        self.descriptor = descriptor
        self.displayPath = displayPath
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends one checked line (its bytes without the newline). False when the temporary file cannot be written.
    mutating func append(_ line: [UInt8], lineNumber: Int) -> Bool {
        entries.append(Entry(offset: written + Int64(buffer.count), length: UInt32(line.count), line: UInt32(clamping: lineNumber)))
        buffer.append(contentsOf: line)
        return buffer.count < 1 << 16 || flush()
    }

    private mutating func flush() -> Bool {
        var done = 0
        while done < buffer.count {
            let count = buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, $0.count - done, off_t(written) + off_t(done)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        written += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
        return true
    }

    /// The finished copy, or nil when it could not be written (the descriptor is closed either way it is not used).
    mutating func finish() -> CaseFile? {
        guard flush() else {
            abandon()
            return nil
        }
        let file = CaseFile(descriptor: descriptor, entries: entries, displayPath: displayPath)
        descriptor = -1
        return file
    }

    mutating func abandon() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}

/// A case list's cases by id (the first of a repeated id): each id's position is kept, and the case read when asked
/// for, so looking cases up by id keeps no case in memory either.
public struct CasesByID: Sendable {
    private let cases: CaseList
    private let positions: [String: Int]

    public init(_ cases: CaseList) {
        self.cases = cases
        positions = Dictionary(cases.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: String) -> EvalCase? {
        positions[id].map { cases[$0] }
    }
}
