import Foundation

/// Reads input files as UTF-8 the same way everywhere: a leading byte-order mark (what Windows editors write) is
/// dropped, and bytes that are not UTF-8 are a problem at file:line:column, never replaced with U+FFFD.
///
/// ```swift
/// let text = try InputText.read(url, displayPath: "sets/qa/prompts/terse.yaml")
/// ```
public enum InputText {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The file's bytes without a leading byte-order mark; `what` names the file in "cannot read" problems.
    public static func bytes(_ url: URL, displayPath: String, what: String = "file") throws(InputProblem) -> Data {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputProblem(file: displayPath, line: nil, message: "cannot read \(what) (\(reason(error)))")
        }
        if let pointer = gitLFSPointer(data.prefix(1024), displayPath: displayPath) {
            throw InputProblem(file: displayPath, line: 1, message: pointer)
        }
        return withoutByteOrderMark(data)
    }

    /// The first line of a Git LFS pointer file (the spec's current version and its first).
    static let gitLFSPointerHeaders = ["version https://git-lfs.github.com/spec/v1\n", "version https://hawser.github.com/spec/v1\n"]

    /// When `head` (a file's first bytes) is a Git LFS pointer rather than the data it stands for: a sentence naming
    /// it and what to do. A checkout without `git lfs` holds these small text files in place of large data files.
    public static func gitLFSPointer(_ head: Data, displayPath: String) -> String? {
        guard let text = String(data: head, encoding: .utf8), gitLFSPointerHeaders.contains(where: text.hasPrefix) else { return nil }
        let fields = Dictionary(text.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let space = line.firstIndex(of: " ") else { return nil }
            return (String(line[..<space]), String(line[line.index(after: space)...]))
        }, uniquingKeysWith: { first, _ in first })
        let size = fields["size"].flatMap { Int($0) }.map { ", \($0) bytes" } ?? ""
        return "this is a Git LFS pointer (\(fields["oid"] ?? "no oid")\(size)), not the data: run `git lfs pull` in its repository first"
    }

    /// `data` without a leading UTF-8 byte-order mark.
    public static func withoutByteOrderMark(_ data: Data) -> Data {
        data.starts(with: byteOrderMark) ? Data(data.dropFirst(byteOrderMark.count)) : data
    }

    /// The file as text: without a leading byte-order mark, and only if every byte is UTF-8.
    public static func read(_ url: URL, displayPath: String, what: String = "file") throws(InputProblem) -> String {
        try decode(bytes(url, displayPath: displayPath, what: what), file: displayPath)
    }

    /// `bytes` as a string, or a problem at the first byte that is not UTF-8; `firstLine` numbers the first line of
    /// `bytes` (for one line of a larger file).
    public static func decode(_ bytes: some Collection<UInt8>, file: String, firstLine: Int = 1) throws(InputProblem) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let offset = invalidOffset(in: bytes) ?? 0
        let (line, column) = lineAndColumn(ofByte: offset, in: bytes, firstLine: firstLine)
        let byte = bytes.dropFirst(offset).first.map { String(format: "0x%02X", $0) } ?? "end of file"
        throw InputProblem(file: file, line: line, column: column, message: "not valid UTF-8 (at \(byte)); save the file as UTF-8")
    }

    /// The line (from `firstLine`) and 1-based byte column of the byte at `offset`.
    public static func lineAndColumn(ofByte offset: Int, in bytes: some Collection<UInt8>, firstLine: Int = 1) -> (line: Int, column: Int) {
        var line = firstLine
        var lineStart = 0
        for (index, byte) in bytes.prefix(offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil when all of them do.
    static func invalidOffset(in bytes: some Collection<UInt8>) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// A short reason a file could not be read.
    public static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        return nsError.localizedDescription
    }
}
