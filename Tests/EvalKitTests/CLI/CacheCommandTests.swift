import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("evalctl cache, as a process: cassettes for CI")
struct CacheCommandTests {
    static let questions = (0..<12).map { "question \($0)" }
    static let keyVariable = "EVALCTL_TEST_CASSETTE_KEY"

    /// Each case's stored output in run `runID`, by case id.
    static func outputs(_ path: String, run runID: Int64 = 1) throws -> [String: String] {
        try DatabaseQueue(path: path).read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT case_id, output FROM results WHERE run_id = ?", arguments: [runID])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["case_id"] as String, $0["output"] as String) })
        }
    }

    /// The response cache's rows, as key → output, recorded_at text.
    static func cacheRows(_ path: String) throws -> [String: String] {
        try DatabaseQueue(path: path).read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT key, output, recorded_at FROM response_cache")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as String, ($0["output"] as String) + " @ " + ($0["recorded_at"] as String)) })
        }
    }

    @Test("run --cache use, export, import into a new database, then run --cache only with no server and no key: same outputs")
    func cassetteReplaysWithoutModel() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    api_key_env: \(Self.keyVariable)")
        #expect(ProcessInfo.processInfo.environment[Self.keyVariable] == nil)

        let recorded = try await EvalctlProcess.run(["run", evalSet, "--cache", "use", "--db", "recorded.sqlite"], in: directory,
                                                    environment: [Self.keyVariable: "sk-test-cassette"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let sent = responder.receivedRequests.count
        #expect(sent == Self.questions.count)

        let export = try await EvalctlProcess.run(["cache", "export", "latest", "--db", "recorded.sqlite", "--output", "cassettes/echo.jsonl"], in: directory)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stderr.contains("exported 12 answers of run 1 to cassettes/echo.jsonl"))
        let cassette = try Data(contentsOf: URL(fileURLWithPath: directory.path("cassettes/echo.jsonl")))
        #expect(!String(decoding: cassette, as: UTF8.self).contains("sk-test-cassette"))
        server.stop()

        let imported = try await EvalctlProcess.run(["cache", "import", "cassettes/echo.jsonl", "--db", "ci.sqlite"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "imported 12 answers (12 new, 0 replaced)\n")
        let replay = try await EvalctlProcess.run(["run", evalSet, "--cache", "only", "--db", "ci.sqlite"], in: directory)
        #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
        #expect(responder.receivedRequests.count == sent, "no request reached the server")
        let replayed = try Self.outputs(directory.path("ci.sqlite"))
        #expect(replayed.count == Self.questions.count)
        #expect(replayed == (try Self.outputs(directory.path("recorded.sqlite"))))

        let again = try await EvalctlProcess.run(["cache", "export", "1", "--db", "ci.sqlite"], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Data(again.stdout.utf8) == cassette, "re-exported byte for byte")
        let reimported = try await EvalctlProcess.run(["cache", "import", "cassettes/echo.jsonl", "--db", "ci.sqlite"], in: directory)
        #expect(reimported.stdout == "imported 12 answers (0 new, 12 replaced)\n")
    }

    @Test("hostile model output survives record, export, import and replay as the live run stored it")
    func hostileOutputReplays() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let hostile = "line 1\nline 2\r\n\"quoted\" </script><script>x()</script> \u{202E}evil\u{202C} NUL\u{0}end \u{2028} 👩‍👩‍👧"
        let responder = ScriptedResponder(default: .chatCompletion(answering: hostile))
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, minPassRate: 0)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let recorded = try await EvalctlProcess.run(["run", evalSet, "--cache", "use", "--db", "a.sqlite"], in: directory)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try await EvalctlProcess.run(["cache", "export", "latest", "--db", "a.sqlite", "--output", "c.jsonl"], in: directory).status == 0)
        server.stop()
        #expect(try await EvalctlProcess.run(["cache", "import", "c.jsonl", "--db", "b.sqlite"], in: directory).status == 0)
        let replay = try await EvalctlProcess.run(["run", evalSet, "--cache", "only", "--db", "b.sqlite"], in: directory)
        #expect(replay.status == 0, "\(replay.stderr)")
        let outputs = try Self.outputs(directory.path("b.sqlite"))
        #expect(outputs == (try Self.outputs(directory.path("a.sqlite"))))
        #expect(outputs.values.allSatisfy { $0 == hostile.replacingOccurrences(of: "\u{0}", with: "\u{2400}") })
    }

    @Test("a run with --cache off still exports its answers, and they serve --cache only")
    func cacheOffRunExports() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--cache", "off", "--db", "a.sqlite"], in: directory).status == 0)
        #expect(try Self.cacheRows(directory.path("a.sqlite")).isEmpty, "--cache off records nothing in the cache")
        let export = try await EvalctlProcess.run(["cache", "export", "1", "--db", "a.sqlite", "--output", "c.jsonl"], in: directory)
        #expect(export.status == 0, "\(export.stderr)")
        let lines = try String(contentsOfFile: directory.path("c.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == Self.questions.count)
        #expect(lines.allSatisfy { $0.contains("\"endpoint\":\"backend:stub\"") && $0.contains("\"wire_type\":\"\"") })
        server.stop()
        #expect(try await EvalctlProcess.run(["cache", "import", "c.jsonl", "--db", "b.sqlite"], in: directory).status == 0)
        let replay = try await EvalctlProcess.run(["run", evalSet, "--cache", "only", "--db", "b.sqlite"], in: directory)
        #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
        #expect(try Self.outputs(directory.path("b.sqlite")) == (try Self.outputs(directory.path("a.sqlite"))))
        #expect(responder.receivedRequests.count == Self.questions.count)
    }

    @Test("a cassette with a bad line 3 exits 2 naming file:3, and the database is unchanged (or not created)")
    func badCassetteChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("good.jsonl", String(decoding: try Cassette.data(of: (0..<5).map { CassetteTests.answer($0) }), as: UTF8.self))
        #expect(try await EvalctlProcess.run(["cache", "import", "good.jsonl", "--db", "c.sqlite"], in: directory).status == 0)
        let before = try Self.cacheRows(directory.path("c.sqlite"))
        #expect(before.count == 5)

        let lines = try [CassetteTests.answer(0, output: "changed"), CassetteTests.answer(10)].map(Cassette.line(for:))
            + ["{\"cassette\": 1, \"key\": \"not a key\"}", try Cassette.line(for: CassetteTests.answer(11))]
        try directory.write("bad.jsonl", lines.joined(separator: "\n") + "\n")
        let bad = try await EvalctlProcess.run(["cache", "import", "bad.jsonl", "--db", "c.sqlite"], in: directory)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("error: bad.jsonl:3: "), "\(bad.stderr)")
        #expect(bad.stderr.contains("error: bad.jsonl: nothing was imported"))
        #expect(try Self.cacheRows(directory.path("c.sqlite")) == before)

        let fresh = try await EvalctlProcess.run(["cache", "import", "bad.jsonl", "--db", "new.sqlite"], in: directory)
        #expect(fresh.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.path("new.sqlite")), "a bad cassette creates no database")
    }

    @Test("cache stats counts what was stored, in text that fits 80 columns and in JSON")
    func statsMatchStored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let longModel = "org/" + String(repeating: "very-long-model-name-", count: 4)
        let answers = (0..<3).map { CassetteTests.answer($0, output: "answer \($0)", recordedAt: Date(timeIntervalSince1970: 1_764_662_400 + Double($0) * 60)) }
            + (3..<5).map { CassetteTests.answer($0, output: String(repeating: "é", count: $0 * 100), model: longModel,
                                                  recordedAt: Date(timeIntervalSince1970: 1_767_225_600)) }
        try directory.write("c.jsonl", String(decoding: try Cassette.data(of: answers), as: UTF8.self))
        #expect(try await EvalctlProcess.run(["cache", "import", "c.jsonl", "--db", "c.sqlite"], in: directory).status == 0)

        let json = try await EvalctlProcess.run(["cache", "stats", "--db", "c.sqlite", "--format", "json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let stats = try JSONValue(parsing: Data(json.stdout.utf8))
        #expect(stats["entries"] == .number(5))
        #expect(stats["bytes"] == .number(Double(answers.reduce(0) { $0 + $1.output.utf8.count + $1.request.utf8.count })))
        #expect(stats["oldest"] == .string("2025-12-02T08:00:00Z"))
        #expect(stats["newest"] == .string("2026-01-01T00:00:00Z"))
        let groups = try #require(stats["groups"]?.arrayValue)
        #expect(groups.map { $0["model"] } == [.string("gpt-stub"), .string(longModel)])
        #expect(groups.map { $0["entries"] } == [.number(3), .number(2)])
        #expect(groups[0]["newest"] == .string("2025-12-02T08:02:00Z"))
        #expect(groups[1]["bytes"] == .number(Double(answers[3...].reduce(0) { $0 + $1.output.utf8.count + $1.request.utf8.count })))

        let text = try await EvalctlProcess.run(["cache", "stats", "--db", "c.sqlite"], in: directory)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("entries  5\n"))
        #expect(text.stdout.contains("oldest   2025-12-02 08:00:00 UTC"))
        #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text.stdout)")
        #expect(text.stdout.contains("org/very-long"), "a long model name is shortened, not dropped")

        let missing = try await EvalctlProcess.run(["cache", "stats", "--db", "none.sqlite"], in: directory)
        #expect(missing.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.path("none.sqlite")))
        let empty = try await EvalctlProcess.run(["db", "migrate", "--db", "empty.sqlite"], in: directory)
        #expect(empty.status == 0)
        #expect(try await EvalctlProcess.run(["cache", "stats", "--db", "empty.sqlite"], in: directory).stdout == "the response cache is empty\n")
    }

    @Test("cache prune --older-than deletes only entries recorded before the cutoff")
    func pruneDeletesOnlyOlder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let old = (0..<3).map { CassetteTests.answer($0, recordedAt: Date(timeIntervalSince1970: 1_577_836_800 + Double($0))) }
        let recent = (3..<5).map { CassetteTests.answer($0, recordedAt: Date().addingTimeInterval(-3600)) }
        try directory.write("c.jsonl", String(decoding: try Cassette.data(of: old + recent), as: UTF8.self))
        #expect(try await EvalctlProcess.run(["cache", "import", "c.jsonl", "--db", "c.sqlite"], in: directory).status == 0)

        let pruned = try await EvalctlProcess.run(["cache", "prune", "--older-than", "30d", "--db", "c.sqlite"], in: directory)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.hasPrefix("deleted 3 cache entries recorded before "))
        #expect(pruned.stdout.hasSuffix("UTC; 2 remain\n"))
        #expect(Set(try Self.cacheRows(directory.path("c.sqlite")).keys) == Set(recent.map(\.key)))
        let none = try await EvalctlProcess.run(["cache", "prune", "--older-than", "2h", "--db", "c.sqlite"], in: directory)
        #expect(none.stdout.hasPrefix("deleted 0 cache entries"))

        let badDuration = try await EvalctlProcess.run(["cache", "prune", "--older-than", "30 days", "--db", "c.sqlite"], in: directory)
        #expect(badDuration.status == 2)
        #expect(badDuration.stderr.contains("--older-than: expected a duration such as 30d, 12h or 2w, found '30 days'"))
        let missing = try await EvalctlProcess.run(["cache", "prune", "--older-than", "1d", "--db", "none.sqlite"], in: directory)
        #expect(missing.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.path("none.sqlite")))
    }

    @Test("export of an unknown run, a missing database or a run with no answers exits 2 and writes no file")
    func exportErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .error(.serverError)).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        // No breaker: with it, the cases left once it opens wait out its cooldowns (up to give_up_after_s, 300 s).
        try directory.write("evalctl.yaml", """
            backends:
              stub:
                type: openai
                base_url: \(server.baseURL.absoluteString)/v1
                model: gpt-stub
                max_retries: 0
                circuit_breaker: off
            """)
        #expect(try await EvalctlProcess.run(["run", evalSet, "--db", "e.sqlite"], in: directory).status == 3)
        let empty = try await EvalctlProcess.run(["cache", "export", "latest", "--db", "e.sqlite", "--output", "c.jsonl"], in: directory)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("error: run 1 has no answers to export"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("c.jsonl")))
        let unknown = try await EvalctlProcess.run(["cache", "export", "7", "--db", "e.sqlite"], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        let missing = try await EvalctlProcess.run(["cache", "export", "latest", "--db", "none.sqlite"], in: directory)
        #expect(missing.status == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.path("none.sqlite")))
    }
}
