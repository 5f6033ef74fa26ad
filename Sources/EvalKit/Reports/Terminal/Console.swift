import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where evalctl writes for people: results on standard output, progress and diagnostics on standard error.
public struct Console: Sendable {
    public init() {}

    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    public static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The width to lay text out for: `COLUMNS` when set (so tests and scripts can ask for a width), else the
    /// terminal's own width when `descriptor` is one, else nil (a pipe or a file: no width limit).
    public static func columns(of descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    public func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes to standard error without a newline (the progress line rewrites itself).
    public func errorRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
