import Foundation

/// A text file of segments, one per line, as sacreBLEU reads hypothesis and reference files.
///
/// Lines end at `\n` only (a `\r` stays part of its line, and BLEU's preprocessing strips it as trailing
/// whitespace); a final newline does not start another segment; an empty line is an empty segment.
///
/// ```swift
/// let hypotheses = try SegmentFile.read("system.txt")
/// let references = try ["ref.txt"].map(SegmentFile.read)
/// try SegmentFile.checkAligned(hypotheses, references)
/// ```
public struct SegmentFile: Sendable, Hashable {
    public let path: String
    public let segments: [String]

    public init(path: String, segments: [String]) {
        self.path = path
        self.segments = segments
    }

    /// Reads `path` as every input file is read (`InputText`): a leading byte-order mark is dropped, and a missing
    /// file or bytes that are not UTF-8 are an `InputProblem` naming the file, line and column.
    public static func read(_ path: String) throws(InputProblem) -> SegmentFile {
        let data = try InputText.bytes(URL(fileURLWithPath: path), displayPath: path)
        // One pass over the bytes: each line validated as UTF-8 where it lies, no intermediate slices.
        var segments: [String] = []
        var bad: Int?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var line = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) else {
                    bad = line
                    return
                }
                segments.append(text)
                line += 1
                start = end + 1
            }
        }
        if let bad {
            // Found again the slow way, for the line and column of the first bad byte.
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            _ = try InputText.decode(lines[bad], file: path, firstLine: bad + 1)
        }
        return SegmentFile(path: path, segments: segments)
    }

    /// Fails unless every reference file has exactly as many lines as the hypotheses file.
    public static func checkAligned(_ hypotheses: SegmentFile, _ references: [SegmentFile]) throws(InputProblem) {
        for reference in references where reference.segments.count != hypotheses.segments.count {
            throw InputProblem(
                file: reference.path, line: nil,
                message: "has \(reference.segments.count) lines but the hypotheses file \(hypotheses.path) has "
                    + "\(hypotheses.segments.count); every file must have one segment per line, in the same order")
        }
    }
}
