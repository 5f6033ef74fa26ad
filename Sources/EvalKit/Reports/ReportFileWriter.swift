import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A report file written in pieces: into a temporary file beside the target, renamed over it once complete, so a
/// reader (or a crash) never sees half a report. A symbolic link is followed (the file it names is replaced, the link
/// stays); a target that is not a regular file (a device such as `/dev/stdout`, a pipe) is written in place, since
/// renaming over it would replace the device with a file. Errors name the path as given.
final class ReportFileWriter {
    let path: String
    /// The temporary file renamed over the target at the end; nil when writing in place.
    let temporary: String?
    let target: String
    let handle: FileHandle

    init(path: String) throws(ReportFileError) {
        self.path = path
        let resolved = Self.resolved(path)
        target = resolved.path
        do {
            if resolved.inPlace {
                temporary = nil
                guard let handle = FileHandle(forWritingAtPath: resolved.path) else {
                    throw ReportFileError(path: path, reason: String(cString: strerror(errno)))
                }
                self.handle = handle
                return
            }
            let url = URL(fileURLWithPath: resolved.path)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
            self.temporary = temporary
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

    /// Where the bytes go: the file a symbolic link names, and whether it must be written in place.
    private static func resolved(_ path: String) -> (path: String, inPlace: Bool) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            // Nothing there yet (or a dangling link, which is then replaced by the report).
            return (path, false)
        }
        let regular = (status.st_mode & S_IFMT) == S_IFREG
        var real = path
        if let pointer = realpath(path, nil) {
            real = String(cString: pointer)
            free(pointer)
        }
        let special = real.hasPrefix("/proc/") || real.hasPrefix("/dev/")
        return (real, !regular || special)
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
        guard let temporary else { return }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw ReportFileError(path: path, reason: reason)
        }
    }

    /// Removes the temporary file of a report that could not be completed; the target is left as it was.
    func abandon() {
        try? handle.close()
        if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
