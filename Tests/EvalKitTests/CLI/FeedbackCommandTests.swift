import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl feedback, as a process: import, report, promote")
struct FeedbackCommandTests {
    static let good = TestFixtures.root.appendingPathComponent("feedback/good.jsonl").path
    static let bad = TestFixtures.root.appendingPathComponent("feedback/bad.jsonl").path

    @Test("import twice changes nothing; changed content is refused with its line unless --replace")
    func importIsIdempotent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try await EvalctlProcess.run(["feedback", "import", Self.good, "--db", "f.sqlite"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "imported 4 feedback records (0 already present)\n")
        let again = try await EvalctlProcess.run(["feedback", "import", Self.good, "--db", "f.sqlite"], in: directory)
        #expect(again.stdout == "imported 0 feedback records (4 already present)\n")

        let text = try String(contentsOfFile: Self.good, encoding: .utf8)
        try directory.write("changed.jsonl", text.replacingOccurrences(of: "\"Quito\"", with: "\"Bogotá\""))
        let changed = try await EvalctlProcess.run(["feedback", "import", "changed.jsonl", "--db", "f.sqlite"], in: directory)
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("changed.jsonl:1: id \"conv-1001\" is already stored with different content (use --replace to update it)"), "\(changed.stderr)")
        let replaced = try await EvalctlProcess.run(["feedback", "import", "changed.jsonl", "--replace", "--db", "f.sqlite"], in: directory)
        #expect(replaced.stdout == "imported 0 feedback records (3 already present, 1 replaced)\n", "\(replaced.stderr)")
    }

    @Test("a bad file: every bad line with file:line, exit 2, no database created")
    func badFileImportsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await EvalctlProcess.run(["feedback", "import", Self.bad, "--db", "f.sqlite"], in: directory)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 10, "\(result.stderr)")
        #expect(lines.first == "error: \(Self.bad):2: unknown key 'ratng' (did you mean 'rating'?)")
        #expect(lines.last == "error: \(Self.bad): nothing was imported")
        #expect(!FileManager.default.fileExists(atPath: directory.path("f.sqlite")))
    }

    @Test("report: JSON with total, down, down_rate and groups; bad --since is exit 2")
    func reportJSON() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await EvalctlProcess.run(["feedback", "import", Self.good, "--db", "f.sqlite"], in: directory)
        let result = try await EvalctlProcess.run(["feedback", "report", "--since", "3650d", "--by", "model", "--format", "json", "--db", "f.sqlite"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect(json["total"] == .number(4) && json["down"] == .number(2) && json["down_rate"] == .number(0.5))
        let groups = try #require(json["groups"]?.arrayValue)
        #expect(groups.map { $0["key"] } == [.string("(none)"), .string("gpt-stub")])
        #expect(groups.map { $0["down"] } == [.number(0), .number(2)])
        let text = try await EvalctlProcess.run(["feedback", "report", "--since", "3650d", "--db", "f.sqlite"], in: directory)
        #expect(text.stdout.contains("2026-12-01") && text.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text.stdout)")
        let bad = try await EvalctlProcess.run(["feedback", "report", "--since", "soon", "--db", "f.sqlite"], in: directory)
        #expect(bad.status == 2 && bad.stderr.contains("--since"))
    }

    @Test("promote: a new eval set that lints clean and runs against the stub; promoting again adds nothing")
    func promoteMakesRunnableSet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        // The stub echoes the input: the corrected record whose correction is its input passes.
        try directory.write("feedback.jsonl", """
            {"id": "echo-1", "input": "Lima", "output": "Quito", "rating": "down", "correction": "Lima", "time": "2026-12-01T09:00:00Z"}
            {"id": "chat/2", "input": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "2 + 2?"}], "output": "5", "rating": 1, "rating_scale": "1-5", "time": "2026-12-01T10:00:00Z"}
            {"id": "happy-3", "input": "Hi", "output": "Hello", "rating": "up", "time": "2026-12-01T11:00:00Z"}
            """)
        let imported = try await EvalctlProcess.run(["feedback", "import", "feedback.jsonl", "--db", "f.sqlite"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")

        try FileManager.default.createDirectory(atPath: directory.path("evalsets/empty"), withIntermediateDirectories: true)
        let none = try await EvalctlProcess.run(["feedback", "promote", "--since", "1m", "--to", "evalsets/empty", "--db", "f.sqlite"], in: directory)
        #expect(none.status == 0 && none.stdout.contains("nothing to promote: 0 down-rated records"), "\(none.stdout)\(none.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("evalsets/empty")).isEmpty, "the directory given stays, empty")
        let promoted = try await EvalctlProcess.run(["feedback", "promote", "--rating", "down", "--to", "evalsets/complaints", "--db", "f.sqlite"], in: directory)
        #expect(promoted.status == 0, "\(promoted.stderr)")
        #expect(promoted.stdout.contains("created evalsets/complaints: 2 cases (0 already in the set); 1 tagged needs-review"), "\(promoted.stdout)")
        let cases = try String(contentsOfFile: directory.path("evalsets/complaints/cases.jsonl"), encoding: .utf8)
        let lines = cases.split(separator: "\n").map { try? JSONValue(parsing: Data($0.utf8)) }
        #expect(lines.count == 2)
        #expect(lines.first??["id"] == .string("fb-echo-1") && lines.first??["expected"] == .string("Lima"))
        #expect(lines.last??["expected"] == .array([]) && lines.last??["tags"] == .array([.string("feedback"), .string("needs-review")]))
        #expect(lines.last??["vars"]?["input"] == .string("system: Be brief.\n\nuser: 2 + 2?"))

        let lint = try await EvalctlProcess.run(["evalset", "lint", "evalsets/complaints"], in: directory)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let run = try await EvalctlProcess.run(["run", "evalsets/complaints", "--db", "f.sqlite", "--format", "json"], in: directory)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(responder.receivedRequests.count == 2)

        let again = try await EvalctlProcess.run(["feedback", "promote", "--to", "evalsets/complaints", "--db", "f.sqlite"], in: directory)
        #expect(again.stdout.contains("nothing to promote: 2 down-rated records, 2 already in evalsets/complaints"), "\(again.stdout)\(again.stderr)")
        #expect(try String(contentsOfFile: directory.path("evalsets/complaints/cases.jsonl"), encoding: .utf8) == cases)

        let up = try await EvalctlProcess.run(["feedback", "promote", "--rating", "up", "--to", "evalsets/complaints", "--db", "f.sqlite"], in: directory)
        #expect(up.stdout.contains("added to evalsets/complaints: 1 cases"), "\(up.stdout)\(up.stderr)")

        let html = try await EvalctlProcess.run(["report", "--html", "out/report.html", "--since", "3650d", "--db", "f.sqlite"], in: directory)
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: directory.path("out/report.html"), encoding: .utf8)
        #expect(page.contains("<h2 id=\"feedback\">Production feedback"))
    }

    @Test("promote into an existing set whose prompt uses another variable: exit 2, its cases file unchanged")
    func promoteRefusesMismatchedSet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["a"])
        let before = try String(contentsOfFile: directory.path("echo/cases.jsonl"), encoding: .utf8)
        _ = try await EvalctlProcess.run(["feedback", "import", Self.good, "--db", "f.sqlite"], in: directory)
        let refused = try await EvalctlProcess.run(["feedback", "promote", "--to", evalSet, "--db", "f.sqlite"], in: directory)
        #expect(refused.status == 2 && refused.stderr.contains("does not provide {{q}}"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: directory.path("echo/cases.jsonl"), encoding: .utf8) == before)
        let fitted = try await EvalctlProcess.run(["feedback", "promote", "--to", evalSet, "--var", "q", "--db", "f.sqlite"], in: directory)
        #expect(fitted.status == 0 && fitted.stdout.contains("added to"), "\(fitted.stderr)")
    }
}
