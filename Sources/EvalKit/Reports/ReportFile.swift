import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a report to disk atomically (a reader never sees half a file), creating its directory; links and devices are
/// handled as `ReportFileWriter` says.
public enum ReportFile {
    public static func write(_ text: String, to path: String) throws(ReportFileError) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(ReportFileError) {
        let file = try ReportFileWriter(path: path)
        do {
            try file.append([UInt8](data))
            try file.finish()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Checks, before a run sends anything, that a report can be written at `path`: not a directory, and the nearest
    /// existing folder on its way is a writable folder. A run whose report cannot be written is found out at once.
    public static func checkWritable(_ path: String) throws(ReportFileError) {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw ReportFileError(path: path, reason: "it is a directory") }
            guard access(url.path, W_OK) == 0 else { throw ReportFileError(path: path, reason: String(cString: strerror(errno))) }
        }
        var folder = url.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        guard isDirectory.boolValue else {
            throw ReportFileError(path: path, reason: "\(folder.path) is a file, not a directory")
        }
        guard access(folder.path, W_OK | X_OK) == 0 else {
            throw ReportFileError(path: path, reason: "\(folder.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A report file that cannot be written (bad usage: exit 2).
public struct ReportFileError: Error, Sendable, DescribedError {
    public let path: String
    public let reason: String

    public var description: String { "cannot write \(path): \(reason)" }

    /// The operating system's reason (e.g. "Permission denied"), not Foundation's wrapped error with its domain.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        let text = nsError.localizedFailureReason ?? nsError.localizedDescription
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
