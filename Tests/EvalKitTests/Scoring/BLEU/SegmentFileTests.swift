import Foundation
import Testing
@testable import EvalKit

@Suite("BLEU segment files are read like every input file")
struct SegmentFileTests {
    @Test("a byte-order mark is dropped, so it does not become part of the first segment")
    func byteOrderMark() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data([0xEF, 0xBB, 0xBF] + Array("the cat\nsat\n".utf8)).write(to: directory.url.appendingPathComponent("hyp.txt"))
        #expect(try SegmentFile.read(directory.path("hyp.txt")).segments == ["the cat", "sat"])
    }

    @Test("bytes that are not UTF-8 are an error at file:line:column")
    func invalidUTF8() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data(Array("fine\nbad ".utf8) + [0xC3, 0x28] + Array("\n".utf8)).write(to: directory.url.appendingPathComponent("hyp.txt"))
        #expect {
            _ = try SegmentFile.read(directory.path("hyp.txt"))
        } throws: { error in
            "\(error)".hasSuffix("hyp.txt:2:5: not valid UTF-8 (at 0xC3); save the file as UTF-8")
        }
    }
}
