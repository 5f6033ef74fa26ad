import Foundation
import Testing
@testable import EvalKit

@Suite("Input text")
struct InputTextTests {
    @Test("valid UTF-8, multi-byte characters included, decodes unchanged")
    func validText() throws {
        #expect(try InputText.decode(Array("Zoë says ☕ 👋\n".utf8), file: "f") == "Zoë says ☕ 👋\n")
    }

    @Test("an invalid byte is a problem at its line and byte column, never U+FFFD", arguments: [
        ([0x61, 0x0A, 0x62, 0x63, 0xE9, 0x64] as [UInt8], 2, 3, "0xE9"),   // a lone Latin-1 byte
        ([0x61, 0xC3, 0xA9, 0xFF] as [UInt8], 1, 4, "0xFF"),               // after a valid two-byte é
        ([0x0A, 0x0A, 0xE2, 0x98] as [UInt8], 3, 1, "0xE2"),               // a character cut off at the end
        ([0xED, 0xA0, 0x80] as [UInt8], 1, 1, "0xED"),                     // an encoded surrogate
    ])
    func invalidByte(bytes: [UInt8], line: Int, column: Int, shown: String) {
        #expect {
            try InputText.decode(bytes, file: "cases.jsonl")
        } throws: { error in
            guard let problem = error as? InputProblem else { return false }
            return problem.file == "cases.jsonl" && problem.line == line && problem.column == column && problem.message.contains(shown)
        }
    }

    @Test("lines are counted from firstLine, for one line of a larger file")
    func firstLineOffset() {
        let problem = #expect(throws: InputProblem.self) { try InputText.decode([0x7B, 0xFE], file: "c", firstLine: 40) }
        #expect(problem?.description == "c:40:2: not valid UTF-8 (at 0xFE); save the file as UTF-8")
    }

    @Test("a leading byte-order mark is dropped, one elsewhere is kept")
    func byteOrderMark() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("prompt.yaml")
        try Data([0xEF, 0xBB, 0xBF] + Array("user: hi\u{FEFF}\n".utf8)).write(to: url)
        #expect(try InputText.read(url, displayPath: "prompt.yaml") == "user: hi\u{FEFF}\n")
    }

    @Test("a missing file names what it is")
    func missingFile() {
        let problem = #expect(throws: InputProblem.self) {
            try InputText.read(URL(fileURLWithPath: "/nonexistent/rubric.txt"), displayPath: "r.txt", what: "rubric")
        }
        #expect(problem?.description == "r.txt: cannot read rubric (no such file)")
    }
}
