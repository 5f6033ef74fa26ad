import Foundation

/// Reads a text file a chunk at a time and hands out one line at a time (without its newline, after a leading
/// byte-order mark is dropped), so a file of any size is read with one chunk and one line in memory. A line longer
/// than `maximumLineBytes` is never buffered whole: it is reported as `.tooLong` and the rest of it skipped.
/// The cassette and feedback readers (JSON Lines) read through it.
///
/// ```swift
/// try LineReader(path: "answers.jsonl", maximumLineBytes: 4 << 20).forEach { line, number in
///     if case .text(let bytes) = line { parse(bytes, number) }
///     return .proceed
/// }
/// ```
public struct LineReader {
    public enum Line {
        case text([UInt8])
        /// Longer than `maximumLineBytes`; its bytes are dropped up to its newline.
        case tooLong
        /// The file could not be read on from here (the reason); the line read so far, if any, follows.
        case unreadable(String)
    }

    /// What the caller wants after a line.
    public enum Next { case proceed, stop }

    /// The file cannot be opened; `reason` says why.
    public struct OpenFailure: Error, DescribedError {
        public let reason: String
        public var description: String { reason }
    }

    public let path: String
    public let maximumLineBytes: Int
    static let chunkBytes = 1 << 20

    public init(path: String, maximumLineBytes: Int) {
        self.path = path
        self.maximumLineBytes = maximumLineBytes
    }

    /// Calls `body` with each line and its 1-based number, in file order, until it returns `.stop`.
    public func forEach(_ body: (_ line: Line, _ number: Int) -> Next) throws(OpenFailure) {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw OpenFailure(reason: InputText.reason(error))
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var number = 1
        var atStart = true
        var skipping = false
        while true {
            let chunk: Data
            do {
                guard let read = try handle.read(upToCount: Self.chunkBytes), !read.isEmpty else { break }
                chunk = atStart ? InputText.withoutByteOrderMark(read) : read
                atStart = false
            } catch {
                if body(.unreadable(InputText.reason(error)), number) == .stop { return }
                break
            }
            // memchr over the chunk's bytes: the scan runs at memory speed, not an index at a time through `Data`.
            let stopped = chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
                guard let base = raw.baseAddress else { return false }
                var start = 0
                while start < raw.count, let found = memchr(base + start, Int32(UInt8(ascii: "\n")), raw.count - start) {
                    let newline = base.distance(to: UnsafeRawPointer(found))
                    if !skipping {
                        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start..<newline]))
                        if body(pending.count > maximumLineBytes ? .tooLong : .text(pending), number) == .stop { return true }
                    }
                    pending.removeAll(keepingCapacity: true)
                    skipping = false
                    number += 1
                    start = newline + 1
                }
                if !skipping, start < raw.count { pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start...])) }
                return false
            }
            if stopped { return }
            if !skipping, pending.count > maximumLineBytes {
                if body(.tooLong, number) == .stop { return }
                pending.removeAll()
                skipping = true
            }
        }
        if !skipping, !pending.isEmpty { _ = body(.text(pending), number) }
    }
}
