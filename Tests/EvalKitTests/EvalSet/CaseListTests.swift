import EvalStub
import Foundation
import Testing
@testable import EvalKit

/// Cases read from a cases file are kept as their place in a private copy of it and parsed again on each use.
@Suite("Cases kept out of memory: a private copy of the cases file, read back on use")
struct CaseListTests {
    static func questions(_ count: Int) -> [String] {
        (0..<count).map { "question \($0) with \"quotes\", ünïcödé and a tab\t" }
    }

    @Test("a loaded eval set reads back every case as written, with the hashes of the same set built in memory")
    func readBackEqualsWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try EchoEvalSet.write(into: directory, questions: Self.questions(500))
        let loaded = try EvalSetLoader().load(path)
        #expect(loaded.cases.isFileBacked)
        #expect(loaded.cases.count == 500)
        let inMemory = EvalSet(
            name: loaded.name, version: loaded.version, description: loaded.description, directory: loaded.directory,
            prompts: loaded.prompts, defaultPromptID: loaded.defaultPromptID,
            cases: Self.questions(500).enumerated().map { EvalCase(id: "case-\($0)", vars: ["q": .string($1)], expected: .string($1)) },
            scorerSpecs: loaded.scorerSpecs, minPassRate: loaded.minPassRate, flagRules: loaded.flagRules)
        #expect(loaded.contentHash == inMemory.contentHash)
        #expect(loaded.dataHash == inMemory.dataHash)
        #expect(loaded.cases.map(\.id) == inMemory.cases.map(\.id))
        #expect(loaded.cases.map(\.contentHash) == inMemory.cases.map(\.contentHash))
        #expect(loaded.cases[499].vars["q"] == .string(Self.questions(500)[499]))
        #expect(loaded.cases[7].line == 8)
    }

    @Test("rewriting the cases file in place after loading changes nothing the run reads")
    func copyIsPrivate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try EchoEvalSet.write(into: directory, questions: ["a", "b", "c"])
        let loaded = try EvalSetLoader().load(path)
        // Same inode, new bytes: what `> cases.jsonl` in a shell does.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path + "/cases.jsonl"))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(String(repeating: "{\"id\":\"x\",\"expected\":\"changed\"}\n", count: 3).utf8))
        try handle.close()
        #expect(loaded.cases.map(\.id) == ["case-0", "case-1", "case-2"])
        #expect(loaded.cases.map(\.expected) == [.string("a"), .string("b"), .string("c")])
    }

    @Test("a selection of a loaded set stays a selection of the copy, in file order, with the whole set's hash")
    func selectionStaysFileBacked() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try EchoEvalSet.write(into: directory, questions: Self.questions(100))
        let loaded = try EvalSetLoader().load(path)
        let sampled = try CaseSelection(patterns: ["case-1*"], tags: [], limit: nil, sample: 5, seed: 7).apply(to: [loaded])
        let selected = try #require(sampled.first)
        #expect(selected.cases.isFileBacked)
        #expect(selected.cases.count == 5)
        #expect(selected.contentHash == loaded.contentHash)
        let ids = selected.cases.map(\.id)
        #expect(ids.allSatisfy { $0.hasPrefix("case-1") })
        #expect(ids == ids.sorted { Int($0.dropFirst(5))! < Int($1.dropFirst(5))! }, "file order")
        let again = try CaseSelection(patterns: ["case-1*"], tags: [], limit: nil, sample: 5, seed: 7).apply(to: [loaded])
        #expect(again.first?.cases.map(\.id) == ids, "the same seed picks the same cases")
        let nested = selected.cases.selecting([1, 3])
        #expect(nested.map(\.id) == [ids[1], ids[3]])
        let limited = try CaseSelection(patterns: [], tags: [], limit: 3, sample: nil, seed: 0).apply(to: [loaded])
        #expect(limited.first?.cases.map(\.id) == ["case-0", "case-1", "case-2"])
    }

    @Test("SHA-256 taken piece by piece equals the digest of the whole, at every split")
    func runningDigest() {
        var random = SeededRandom(seed: 11)
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000] {
            let bytes = (0..<length).map { _ in UInt8(random.index(below: 256)) }
            let whole = SHA256.hex(bytes)
            for _ in 0..<5 {
                var running = SHA256.Running()
                var offset = 0
                while offset < length {
                    let take = min(length - offset, 1 + random.index(below: 70))
                    bytes[offset..<offset + take].withUnsafeBufferPointer { running.update($0) }
                    offset += take
                }
                #expect(running.hex() == whole, "\(length) bytes")
                // Finishing does not end it: a copy carries on from the same point.
                #expect(running.hex() == whole)
            }
        }
        #expect(SHA256.Running().hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

@Suite("Cases kept out of memory, as a process")
struct CaseListProcessTests {
    @Test("with no writable temporary directory the cases are kept in memory and the run is the same")
    func noTemporaryDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion(.echo)).handler)
        defer { server.stop() }
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let path = try EchoEvalSet.write(into: directory, questions: (0..<40).map { "q\($0)" })
        var summaries: [JSONValue] = []
        for temporary in [directory.path("missing/tmp"), NSTemporaryDirectory()] {
            let result = try await EvalctlProcess.run(["run", path, "--format", "json"], in: directory, environment: ["TMPDIR": temporary])
            #expect(result.status == 0, "\(result.stderr)")
            summaries.append(try JSONValue(parsing: Data(result.stdout.utf8)))
        }
        #expect(summaries.map { $0["total"] } == [.number(40), .number(40)])
        #expect(summaries.map { $0["passed"] } == [.number(40), .number(40)])
    }
}
