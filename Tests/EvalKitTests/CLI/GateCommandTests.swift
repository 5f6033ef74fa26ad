import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl compare, gate, runs tag and run --baseline, as a process")
struct GateCommandTests {
    static let questions = (0..<40).map { "question \($0)" }

    /// A baseline tagged `main` where every case passes, and a candidate where 12 of 40 answer wrong.
    static func baselineAndRegressedCandidate(in directory: TemporaryDirectory) async throws -> (evalSet: String, candidate: EvalctlProcess.Result) {
        let evalSet = try EchoEvalSet.write(into: directory, questions: questions, minPassRate: 0.5)
        let good = try StubHTTPServer(handler: ScriptedResponder().handler)
        try EchoEvalSet.config(into: directory, baseURL: good.baseURL)
        let baseline = try await EvalctlProcess.run(["run", evalSet, "--tag", "main"], in: directory)
        good.stop()
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let worse = try StubHTTPServer(handler: ScriptedResponder(script: Array(repeating: .chatCompletion(answering: "wrong"), count: 12)).handler)
        defer { worse.stop() }
        try EchoEvalSet.config(into: directory, baseURL: worse.baseURL)
        let candidate = try await EvalctlProcess.run(["run", evalSet, "--baseline", "main", "--junit", "junit.xml"], in: directory)
        return (evalSet, candidate)
    }

    @Test("run --baseline exits 1 on a regression even though min_pass_rate is met, and JUnit marks the regressed cases")
    func gatedRunFailsOnRegression() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (_, candidate) = try await Self.baselineAndRegressedCandidate(in: directory)
        #expect(candidate.status == 1, "\(candidate.stdout)\n\(candidate.stderr)")
        #expect(candidate.stdout.contains("REGRESSION"))
        #expect(candidate.stdout.contains("flipped cases: 12 pass → fail, 0 fail → pass"))
        #expect(!candidate.stdout.contains("BELOW MIN"), "70% meets the 50% minimum: only the gate fails this run")
        let schema = RepositoryPaths.root.appendingPathComponent("Tests/Fixtures/junit/junit-10.xsd").path
        let xmllint = try await EvalctlProcess.runTool("xmllint", ["--noout", "--schema", schema, directory.path("junit.xml")])
        #expect(xmllint.status == 0, "\(xmllint.stderr)")
        let xml = try String(contentsOfFile: directory.path("junit.xml"), encoding: .utf8)
        #expect(xml.components(separatedBy: "type=\"Regression\"").count - 1 == 13, "12 regressed cases and the [gate] case")
        #expect(xml.contains("name=\"[gate] exact\""))
        #expect(xml.contains("<property name=\"baseline_run_id\" value=\"1\"/>"))
    }

    @Test("gate exits 1 on the regressed run and 0 against itself; compare writes text, JSON and Markdown")
    func gateAndCompare() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await Self.baselineAndRegressedCandidate(in: directory)
        let gate = try await EvalctlProcess.run(["gate", "--baseline", "main"], in: directory)
        #expect(gate.status == 1, "\(gate.stderr)")
        #expect(gate.stdout.contains("gate: REGRESSION against run 1"))
        // A run against itself on 40 cases: nothing changed, but 40 cases cannot detect a 2-point drop.
        let same = try await EvalctlProcess.run(["gate", "--baseline", "main", "--run", "main"], in: directory)
        #expect(same.status == 0, "\(same.stdout)\n\(same.stderr)")
        #expect(same.stdout.contains("gate: INCONCLUSIVE against run 1"))
        let lenient = try await EvalctlProcess.run(["gate", "--baseline", "main", "--run", "main", "--margin", "0.2", "--fail-inconclusive"], in: directory)
        #expect(lenient.status == 0, "\(lenient.stdout)\n\(lenient.stderr)")
        #expect(lenient.stdout.contains("gate: no regression"), "40 unchanged cases do rule out a 20-point drop")
        let json = try await EvalctlProcess.run(["compare", "main", "latest", "--format", "json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONValue(parsing: Data(json.stdout.utf8))
        #expect(report["regression"] == .bool(true))
        #expect(report["flipped"]?.arrayValue?.count == 12)
        let row = try #require(report["comparisons"]?.arrayValue?.first)
        #expect(row["cases"] == .number(40))
        #expect(row["test"] == .string("mcnemar_exact"))
        #expect(row["pass_rate"]?["baseline"] == .number(1))
        #expect(row["pass_rate"]?["candidate"] == .number(0.7))
        let markdown = try await EvalctlProcess.run(["compare", "1", "2", "--format", "markdown", "--output", "out/pr.md"], in: directory)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.isEmpty)
        let comment = try String(contentsOfFile: directory.path("out/pr.md"), encoding: .utf8)
        #expect(comment.hasPrefix("### ❌ evalctl: regression in run 2 against run 1"))
        #expect(comment.contains("<details><summary>Flipped cases: 12 pass → fail, 0 fail → pass</summary>"))
    }

    @Test("tags move to the run tagged last; bad tags and unknown baselines exit 2 before anything is sent")
    func tagsAndUnknownBaselines() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await Self.baselineAndRegressedCandidate(in: directory)
        let moved = try await EvalctlProcess.run(["runs", "tag", "latest", "main"], in: directory)
        #expect(moved.status == 0 && moved.stdout.contains("tagged run 2 as main"), "\(moved.stderr)")
        let list = try await EvalctlProcess.run(["runs", "list", "--format", "json"], in: directory)
        let runs = try #require(JSONValue(parsing: Data(list.stdout.utf8))["runs"]?.arrayValue)
        #expect(runs.first?["tags"] == .array([.string("main")]))
        #expect(runs.last?["tags"] == .array([]))
        let numeric = try await EvalctlProcess.run(["runs", "tag", "1", "42"], in: directory)
        #expect(numeric.status == 2 && numeric.stderr.contains("would read as a run id"))
        let responder = ScriptedResponder()
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let unknown = try await EvalctlProcess.run(["run", directory.path("echo"), "--baseline", "release-9"], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no run is tagged 'release-9' (tags: main)"))
        #expect(responder.receivedRequests.isEmpty)
        let after = try await EvalctlProcess.run(["runs", "list", "--format", "json"], in: directory)
        #expect(try JSONValue(parsing: Data(after.stdout.utf8))["runs"]?.arrayValue?.count == 2, "no run was stored")
    }

    @Test("a changed eval set version cannot be gated (exit 2) unless --allow-version-change")
    func versionChange() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (evalSet, _) = try await Self.baselineAndRegressedCandidate(in: directory)
        let definition = try String(contentsOfFile: evalSet + "/evalset.yaml", encoding: .utf8)
        try directory.write("echo/evalset.yaml", definition.replacingOccurrences(of: "version: 2", with: "version: 3"))
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let run = try await EvalctlProcess.run(["run", evalSet, "--baseline", "1"], in: directory)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("changed version 2 → 3"))
        let allowedRun = try await EvalctlProcess.run(["run", evalSet, "--baseline", "1", "--allow-version-change", "--format", "json"], in: directory)
        #expect(allowedRun.status == 0, "\(allowedRun.stderr)")
        let summary = try JSONValue(parsing: Data(allowedRun.stdout.utf8))
        #expect(summary["comparison"]?["regression"] == .bool(false))
        #expect(summary["comparison"]?["baseline"]?["run_id"] == .number(1))
        let refused = try await EvalctlProcess.run(["gate", "--baseline", "1"], in: directory)
        #expect(refused.status == 2)
        let allowed = try await EvalctlProcess.run(["gate", "--baseline", "1", "--allow-version-change"], in: directory)
        #expect(allowed.status == 0, "\(allowed.stdout)\n\(allowed.stderr)")
        #expect(allowed.stdout.contains("eval set echo changed version 2 → 3"))
    }

    @Test("gate refuses an incomplete run, exits 3 when the candidate has errors, and 2 when it cannot write --output")
    func gateEdges() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, minPassRate: 0)
        let flaky = try StubHTTPServer(handler: ScriptedResponder(script: [.error(.invalidRequest("context length exceeded")), .error(.invalidRequest("context length exceeded"))]).handler)
        defer { flaky.stop() }
        try EchoEvalSet.config(into: directory, baseURL: flaky.baseURL)
        _ = try await EvalctlProcess.run(["run", evalSet, "--tag", "main"], in: directory)
        let errored = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(errored.status == 0, "\(errored.stderr)")
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let withErrors = try await EvalctlProcess.run(["gate", "--baseline", "2", "--run", "1"], in: directory)
        #expect(withErrors.status == 3, "\(withErrors.stdout)\n\(withErrors.stderr)")
        #expect(withErrors.stderr.contains("errored cases"))
        try await store.finishRun(id: 2, status: .interrupted)
        let incomplete = try await EvalctlProcess.run(["gate", "--baseline", "1", "--run", "2"], in: directory)
        #expect(incomplete.status == 2)
        #expect(incomplete.stderr.contains("the candidate run 2 is interrupted, not completed"))
        let unwritable = try await EvalctlProcess.run(["compare", "1", "1", "--output", "/proc/evalctl/x.md"], in: directory)
        #expect(unwritable.status == 2 && unwritable.stderr.contains("cannot write /proc/evalctl/x.md"))
    }

    @Test("power prints false alarms and detection for a drop; read-only commands refuse a missing database")
    func powerAndMissingDatabase() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let power = try await EvalctlProcess.run(["power", "--cases", "100", "--simulations", "40", "--format", "json"], in: directory)
        #expect(power.status == 0, "\(power.stderr)")
        let result = try JSONValue(parsing: Data(power.stdout.utf8))
        #expect(result["no_change"]?["simulations"] == .number(40))
        #expect(result["with_drop"]?["drop"] == .number(0.05))
        for command in [["drift"], ["report", "--html", "r.html"], ["gate", "--baseline", "main"], ["runs", "list"]] {
            let missing = try await EvalctlProcess.run(command + ["--db", "typo.sqlite"], in: directory)
            #expect(missing.status == 2, "\(command)")
            #expect(missing.stderr.contains("no results database at typo.sqlite"), "\(command)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("typo.sqlite")))
        let created = try await EvalctlProcess.run(["db", "migrate", "--db", "new.sqlite"], in: directory)
        #expect(created.status == 0 && created.stdout.contains("new.sqlite: schema v17-shards"), "\(created.stderr)")
        let empty = try await EvalctlProcess.run(["runs", "list", "--db", "new.sqlite"], in: directory)
        #expect(empty.status == 0 && empty.stdout.contains("no runs yet"))
    }
}
