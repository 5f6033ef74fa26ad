import Foundation

/// Writes a report to disk atomically (a reader never sees half a file), creating its directory.
public enum ReportFile {
    public static func write(_ text: String, to path: String) throws(ReportFileError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ReportFileError(path: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
    }
}

/// A report file that cannot be written (bad usage: exit 2).
public struct ReportFileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}
