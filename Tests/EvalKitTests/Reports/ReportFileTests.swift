import Foundation
import Testing
@testable import EvalKit
#if canImport(Glibc)
import Glibc
#endif

@Suite("Report files: atomic for regular files, links followed, devices and pipes written in place")
struct ReportFileTests {
    @Test("a symbolic link stays a link; the file it names gets the report")
    func symbolicLinkFollowed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("reports/real.xml", "old")
        try FileManager.default.createSymbolicLink(atPath: directory.path("link.xml"), withDestinationPath: directory.path("reports/real.xml"))
        try ReportFile.write("new report", to: directory.path("link.xml"))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path("link.xml"))
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOfFile: directory.path("reports/real.xml"), encoding: .utf8) == "new report")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("reports")) == ["real.xml"], "no temporary file left")
    }

    @Test("a named pipe is written through, not replaced by a file (as /dev/stdout or /dev/full would be)")
    func pipeWrittenInPlace() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fifo = directory.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Task.detached { () -> String in
            let handle = FileHandle(forReadingAtPath: fifo)
            let data = handle?.readDataToEndOfFile() ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        try ReportFile.write("through the pipe", to: fifo)
        #expect(await reader.value == "through the pipe")
        var status = stat()
        #expect(lstat(fifo, &status) == 0)
        #expect((status.st_mode & S_IFMT) == S_IFIFO, "the pipe is still a pipe")
    }

    @Test("a regular file is replaced whole, and a dangling link is replaced by the report")
    func regularAndDangling() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a.html", String(repeating: "x", count: 10_000))
        try ReportFile.write("short", to: directory.path("a.html"))
        #expect(try String(contentsOfFile: directory.path("a.html"), encoding: .utf8) == "short")
        try FileManager.default.createSymbolicLink(atPath: directory.path("dangling.xml"), withDestinationPath: directory.path("missing/none.xml"))
        try ReportFile.write("made", to: directory.path("dangling.xml"))
        #expect(try String(contentsOfFile: directory.path("dangling.xml"), encoding: .utf8) == "made")
    }
}
