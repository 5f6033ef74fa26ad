import Foundation
import Testing
@testable import EvalKit

@Suite("Cassette reader: every line checked, file:line problems, all or nothing")
struct CassetteReaderTests {
    static func goodLines(_ count: Int) throws -> [String] {
        try (0..<count).map { try Cassette.line(for: CassetteTests.answer($0)) }
    }

    /// A good line with one change made to its JSON object.
    static func line(_ change: (inout [String: JSONValue]) -> Void) throws -> String {
        var object = try #require(try JSONValue(parsing: Data(Cassette.line(for: CassetteTests.answer(99)).utf8)).objectValue)
        change(&object)
        return JSONValue.object(object).canonicalJSON
    }

    static func answerField(_ name: String, _ value: JSONValue?) -> (inout [String: JSONValue]) -> Void {
        { object in
            var answer = object["answer"]!.objectValue!
            answer[name] = value
            object["answer"] = .object(answer)
        }
    }

    static func read(_ text: String, maximumLineBytes: Int = Cassette.maximumLineBytes) throws -> (path: String, result: Result<[CachedAnswer], InvalidInput>) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("cassette.jsonl", text)
        let path = directory.path("cassette.jsonl")
        return (path, Result { () throws(InvalidInput) in try CassetteReader(path: path, maximumLineBytes: maximumLineBytes).answers() })
    }

    @Test("blank lines, CRLF endings, a byte-order mark and a missing final newline are accepted")
    func lenientWhitespace() throws {
        let lines = try Self.goodLines(3)
        let (_, result) = try Self.read("\u{FEFF}" + lines[0] + "\r\n\r\n   \n" + lines[1] + "\n\n" + lines[2])
        let answers = try result.get()
        #expect(answers.map(\.key) == (0..<3).map { CassetteTests.answer($0).key })
        #expect(answers == (0..<3).map { CassetteTests.answer($0) })
    }

    @Test("a bad line 3 names file:3 and what was expected, and no answer is returned")
    func badLineThree() throws {
        var lines = try Self.goodLines(5)
        lines[2] = try Self.line(Self.answerField("output", .number(42)))
        let (path, result) = try Self.read(lines.joined(separator: "\n") + "\n")
        guard case .failure(let invalid) = result else { Issue.record("a bad line was accepted"); return }
        #expect(invalid.problems.first?.description == "\(path):3: \"answer.output\" must be a string, found number")
        #expect(invalid.problems.last?.description == "\(path): nothing was imported")
        #expect(invalid.problems.count == 2)
    }

    @Test("each kind of bad line is named with what was expected")
    func everyKindOfBadLine() throws {
        let cases: [(String, String)] = [
            ("{not json", "1:2: malformed JSON"),
            ("[1, 2]", "expected a JSON object, found array"),
            (try Self.line { $0["cassette"] = nil }, "missing \"cassette\" (the format version, 1)"),
            (try Self.line { $0["cassette"] = .number(2) }, "\"cassette\" is 2: this evalctl reads cassette version 1"),
            (try Self.line { $0["key"] = .string(String(repeating: "A", count: 64)) }, "\"key\" must be 64 lowercase hex digits"),
            (try Self.line { $0["key"] = .string("abc") }, "\"key\" must be 64 lowercase hex digits"),
            (try Self.line { $0["key"] = nil }, "missing \"key\" (a string)"),
            (try Self.line { $0["sample"] = .string("0") }, "\"sample\" must be a whole number, 0 or more, found \"0\""),
            (try Self.line { $0["sample"] = .number(-1) }, "\"sample\" must be a whole number"),
            (try Self.line { $0["request"] = .string("{}") }, "\"request\" must be a JSON object, found string"),
            (try Self.line { $0["recorded_at"] = .string("yesterday") }, "\"recorded_at\" must be a UTC time such as 2026-01-31T12:00:00.000Z"),
            (try Self.line { $0["wire_type"] = .null }, "\"wire_type\" must be a string, found null"),
            (try Self.line { $0["answer"] = .string("Paris") }, "\"answer\" must be an object, found string"),
            (try Self.line { $0["modle"] = .string("x") }, "unknown key 'modle' (did you mean 'model'?)"),
            (try Self.line(Self.answerField("outptu", .string("x"))), "unknown key 'answer.outptu' (did you mean 'answer.output'?)"),
            (try Self.line(Self.answerField("output", nil)), "missing \"answer.output\" (a string)"),
            (try Self.line(Self.answerField("prompt_tokens", .number(1.5))), "\"answer.prompt_tokens\" must be a whole number, 0 or more, or null"),
            (try Self.line(Self.answerField("latency_ms", .string("12"))), "\"answer.latency_ms\" must be a number of milliseconds"),
            (try Self.line(Self.answerField("finish_reason", .number(1))), "\"answer.finish_reason\" must be a string or null"),
            ("{\"cassette\":1,\"cassette\":1}", "1:15: key \"cassette\" appears twice"),
        ]
        for (line, expected) in cases {
            let (path, result) = try Self.read(line + "\n")
            guard case .failure(let invalid) = result else { Issue.record("accepted: \(line)"); continue }
            let first = invalid.problems.first?.description ?? ""
            #expect(first.hasPrefix("\(path):1"), "\(first)")
            #expect(first.contains(expected), "\(first)\nexpected: \(expected)")
        }
    }

    @Test("bytes that are not UTF-8 are a problem at line and column")
    func invalidUTF8() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = try Self.goodLines(1)[0]
        var bytes = Data(line.utf8) + Data("\n".utf8) + Data(line.replacingOccurrences(of: "Paris", with: "Pa#is").utf8)
        bytes[bytes.firstIndex(of: UInt8(ascii: "#"))!] = 0xFF
        let url = directory.url.appendingPathComponent("c.jsonl")
        try bytes.write(to: url)
        #expect(throws: InvalidInput.self) { try CassetteReader(path: url.path).answers() }
        do {
            _ = try CassetteReader(path: url.path).answers()
        } catch {
            let column = Array(line.replacingOccurrences(of: "Paris", with: "Pa#is").utf8).firstIndex(of: UInt8(ascii: "#"))! + 1
            #expect(error.problems.first?.description == "\(url.path):2:\(column): not valid UTF-8; save the cassette as UTF-8")
        }
    }

    @Test("a key on two lines is refused, naming the first")
    func duplicateKey() throws {
        let lines = try Self.goodLines(2)
        let (path, result) = try Self.read([lines[0], lines[1], lines[0]].joined(separator: "\n"))
        guard case .failure(let invalid) = result else { Issue.record("a repeated key was accepted"); return }
        #expect(invalid.problems.first?.description == "\(path):3: key \(CassetteTests.answer(0).key) is already on line 1: a key appears once")
    }

    @Test("a line over the cap stops the read with its line number; lines under it are fine")
    func lineCap() throws {
        let lines = try Self.goodLines(2)
        let (_, fits) = try Self.read(lines.joined(separator: "\n"), maximumLineBytes: lines[0].utf8.count)
        #expect(try fits.get().count == 2)
        let long = try Cassette.line(for: CassetteTests.answer(7, output: String(repeating: "x", count: 3 << 20)))
        let (path, result) = try Self.read([lines[0], long, lines[1]].joined(separator: "\n"), maximumLineBytes: 2 << 20)
        guard case .failure(let invalid) = result else { Issue.record("an overlong line was accepted"); return }
        #expect(invalid.problems.first?.description == "\(path):2: line is longer than 2 MB, the most a cassette line may hold (is this a cassette?)")
    }

    @Test("many bad lines are listed up to a limit, then counted; a missing file is named")
    func manyProblemsAndMissingFile() throws {
        let (path, result) = try Self.read(String(repeating: "nope\n", count: 25))
        guard case .failure(let invalid) = result else { Issue.record("garbage was accepted"); return }
        #expect(invalid.problems.count == 22)
        #expect(invalid.problems[19].description.hasPrefix("\(path):20:"))
        #expect(invalid.problems[20].description == "\(path): 5 more bad lines not listed")
        #expect(throws: InvalidInput.self) { try CassetteReader(path: path + ".missing").answers() }
        do {
            _ = try CassetteReader(path: path + ".missing").answers()
        } catch {
            #expect(error.problems.first?.description == "\(path).missing: cannot read cassette (no such file)")
        }
    }
}
