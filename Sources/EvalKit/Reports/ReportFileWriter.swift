import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A report file written in pieces: into a temporary file beside the target, renamed over it once complete, so a
/// reader (or a crash) never sees half a report. Errors name the path as given.
final class ReportFileWriter {
    let path: String
    let temporary: String
    let handle: FileHandle

    init(path: String) throws(ReportFileError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
                throw ReportFileError(path: path, reason: String(cString: strerror(errno)))
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        } catch let error as ReportFileError {
            throw error
        } catch {
            throw ReportFileError(path: path, reason: ReportFileError.reason(error))
        }
    }

    func append(_ bytes: [UInt8]) throws(ReportFileError) {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw ReportFileError(path: path, reason: ReportFileError.reason(error))
        }
    }

    func finish() throws(ReportFileError) {
        do {
            try handle.close()
        } catch {
            throw ReportFileError(path: path, reason: ReportFileError.reason(error))
        }
        guard rename(temporary, URL(fileURLWithPath: path).path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw ReportFileError(path: path, reason: reason)
        }
    }

    /// Removes the temporary file of a report that could not be completed; the target is left as it was.
    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
