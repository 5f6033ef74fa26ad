import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl review, as a process: export, import, status, and a scripted session in tmux")
struct ReviewCommandTests {
    static func database(in directory: TemporaryDirectory) async throws -> ReviewFixture.Run {
        try await ReviewFixture.write(into: try SQLiteStore(path: directory.path("evals.sqlite")))
    }

    static func lines(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n").map { try JSONValue(parsing: Data($0.utf8)) }
    }

    @Test("export writes one object per queued result; the expected answer comes from the eval set the run recorded")
    func exportWithExpectedFromEvalSet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["What is 2+2?", "Name a colour"])
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let run = try await EvalctlProcess.run(["run", evalSet, "--db", "echo.sqlite"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let export = try await EvalctlProcess.run(["review", "export", "latest", "--queue", "all", "--db", "echo.sqlite"], in: directory)
        #expect(export.status == 0, "\(export.stderr)")
        let items = try Self.lines(export.stdout)
        #expect(items.count == 2)
        let first = try #require(items.first)
        #expect(first["case_id"] == .string("case-0"))
        #expect(first["expected"] == .string("What is 2+2?"))
        #expect(first["output"]?.stringValue?.contains("What is 2+2?") == true)
        #expect(first["input"]?.arrayValue?.first?["role"] == .string("user"))
        #expect(first["scores"]?.arrayValue?.first?["scorer"] == .string("exact"))
        #expect(first["id"]?.doubleValue != nil && first["labels"] == .array([]))
        // The eval set edited since the run: its case is no longer the one that ran, so no expected answer is claimed.
        try directory.write("echo/cases.jsonl", #"{"id": "case-0", "vars": {"q": "changed"}, "expected": "changed"}"# + "\n")
        let after = try Self.lines(try await EvalctlProcess.run(["review", "export", "--queue", "all", "--db", "echo.sqlite"], in: directory).stdout)
        #expect(after.first?["expected"] == .null)
        #expect(after.first?["expected_note"]?.stringValue?.contains("changed") == true)
    }

    @Test("import checks every line first: bad lines are listed with file:line and nothing is stored; a good file is stored")
    func importValidatesThenStores() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try await Self.database(in: directory)
        let (a, b) = (run.ids["a-flagged"]!, run.ids["b-failed"]!)
        try directory.write("bad.jsonl", """
            {"id": \(a), "label": "pass", "reviewer": "ana"}
            {"id": 99999, "label": "pass", "reviewer": "ana"}
            {"id": \(b), "label": "maybe", "reviewer": "ana"}
            {"id": \(b), "label": "fail", "reviewr": "ana"}
            {"id": \(b), "label": "fail"
            {"label": "fail", "reviewer": "ana"}

            """)
        let bad = try await EvalctlProcess.run(["review", "import", "bad.jsonl", "--db", "evals.sqlite"], in: directory, environment: ["USER": "", "EVALCTL_REVIEWER": ""])
        #expect(bad.status == 2)
        for expected in ["bad.jsonl:2: no result with id 99999", "bad.jsonl:3: \"label\" must be \"pass\" or \"fail\"", "bad.jsonl:4: unknown key 'reviewr' (did you mean 'reviewer'?)",
                         "bad.jsonl:5:", "bad.jsonl:6: missing \"id\"", "nothing was imported"] {
            #expect(bad.stderr.contains(expected), "\(expected) not in \(bad.stderr)")
        }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        #expect(try await store.reviewLabels(ofRun: run.runID).isEmpty)

        try directory.write("good.jsonl", """
            {"id": \(a), "label": "pass", "note": "a fair refusal"}
            {"id": \(b), "label": "fail", "reviewer": "bo"}

            """)
        for _ in 0..<2 {
            let good = try await EvalctlProcess.run(["review", "import", "good.jsonl", "--db", "evals.sqlite"], in: directory, environment: ["EVALCTL_REVIEWER": "ana"])
            #expect(good.status == 0, "\(good.stderr)")
            #expect(good.stdout.contains("imported 2 labels"))
        }
        let labels = try await store.reviewLabels(ofRun: run.runID)
        #expect(labels.map { "\($0.resultID) \($0.reviewer) \($0.label.rawValue) \($0.note ?? "-")" }
                == ["\(a) ana pass a fair refusal", "\(b) bo fail -"])
        #expect(try await store.reviewLabelHistory(resultID: a).count == 2)
    }

    @Test("status as JSON; review without a terminal exits 2 pointing to export and import; an empty queue exits 0")
    func statusAndNonInteractive() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await Self.database(in: directory)
        let status = try await EvalctlProcess.run(["review", "--status", "--format", "json", "--db", "evals.sqlite"], in: directory)
        #expect(status.status == 0, "\(status.stderr)")
        let json = try JSONValue(parsing: Data(status.stdout.utf8))
        let failed = try #require(json["queues"]?.arrayValue?.first { $0["queue"] == .string("failed") })
        #expect(failed["queue_depth"] == .number(3))
        #expect(failed["oldest_unreviewed_age_s"]?.doubleValue ?? 0 > 0)
        let text = try await EvalctlProcess.run(["review", "status", "latest", "--db", "evals.sqlite"], in: directory)
        #expect(text.stdout.contains("judge-disagree"))

        let piped = try await EvalctlProcess.run(["review", "latest", "--reviewer", "ana", "--db", "evals.sqlite"], in: directory)
        #expect(piped.status == 2)
        #expect(piped.stderr.contains("review export") && piped.stderr.contains("review import"))

        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let runID = try await store.insertRun(RunRecord(startedAt: Date(), finishedAt: Date(), status: .completed, gitCommit: nil,
                                                        evalctlVersion: "t", configHash: "c", tag: nil, hostname: "h", command: "evalctl run"))
        let empty = try await EvalctlProcess.run(["review", "\(runID)", "--queue", "flagged", "--reviewer", "ana", "--db", "evals.sqlite"], in: directory)
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("is empty"))
        let typo = try await EvalctlProcess.run(["review", "export", "--queue", "faild", "--db", "evals.sqlite"], in: directory)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'failed'"))
    }
}
