import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where evalctl writes for people: results on standard output, progress and diagnostics on standard error.
public struct Console: Sendable {
    public init() {}

    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

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
