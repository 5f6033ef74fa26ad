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

    /// Reads `path` as UTF-8; a missing file or a line that is not UTF-8 is an `InputProblem` naming it.
    public static func read(_ path: String) throws(InputProblem) -> SegmentFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputProblem(file: path, line: nil, message: "cannot read the file")
        }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var segments: [String] = []
        segments.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            guard let text = String(validating: line, as: UTF8.self) else {
                throw InputProblem(file: path, line: index + 1, message: "the line is not valid UTF-8")
            }
            segments.append(text)
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
