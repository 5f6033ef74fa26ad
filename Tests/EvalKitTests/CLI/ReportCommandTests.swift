import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl report, drift and run --html, as a process")
struct ReportCommandTests {
    @Test("drift exits 1 on a shift no drift run has delivered, whatever night; it records it, and then reports it as ongoing")
    func driftAndReport() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        // The runs are dated in 2026-09, so every command passes a --since that reaches them.
        try await RunHistoryTests.nightly(store, count: 16, shiftAt: 10)
        // The shift began five runs ago and no drift run reported it (a crashed cron, a new machine): it is new now.
        for _ in 0..<2 {
            let dry = try await EvalctlProcess.run(["drift", "--since", "3650d", "--dry-run"], in: directory)
            #expect(dry.status == 1, "\(dry.stdout)\n\(dry.stderr)")
            #expect(dry.stdout.contains("not recorded (--dry-run)"))
        }
        #expect(try await store.driftAlerts().isEmpty, "--dry-run records nothing")
        let drift = try await EvalctlProcess.run(["drift", "--since", "3650d"], in: directory)
        #expect(drift.status == 1, "\(drift.stdout)\n\(drift.stderr)")
        #expect(drift.stdout.contains("DRIFT"))
        #expect(drift.stdout.contains("model model-a → model-b"))
        let ledger = try await store.driftAlerts()
        let delivered = try #require(ledger.first { $0.metric == "exact pass rate" })
        #expect(delivered.changeRunID == 11 && delivered.direction == .down)
        #expect((11...16).contains(delivered.alarmRunID), "the alarm fires at or after the change")
        let ongoing = try await EvalctlProcess.run(["drift", "--since", "3650d"], in: directory)
        #expect(ongoing.status == 0, "delivered last time: \(ongoing.stdout)\n\(ongoing.stderr)")
        #expect(ongoing.stdout.contains("ongoing"))
        #expect(ongoing.stdout.contains("no new drift"))
        #expect(try await store.driftAlerts().count == ledger.count, "an ongoing shift is not recorded twice")
        let json = try await EvalctlProcess.run(["drift", "--since", "3650d", "--format", "json", "--evalset", "qa"], in: directory)
        #expect(json.status == 0)
        let parsed = try JSONValue(parsing: Data(json.stdout.utf8))
        #expect(parsed["drifted"] == .bool(false))
        let quality = try #require(parsed["series"]?.arrayValue?.first { $0["metric"] == .string("exact pass rate") })
        #expect(quality["status"] == .string("ongoing"))
        #expect(quality["change_run_id"] == .number(11))
        #expect(quality["delivered_at"]?.stringValue != nil)
        guard case .number(let alarm)? = quality["alarm_run_id"] else { Issue.record("no alarm run"); return }
        #expect((11...16).contains(alarm), "the alarm fires at or after the change")
        #expect(quality["summary"]?.stringValue?.contains("run run") == false)
        let quiet = try await EvalctlProcess.run(["drift", "--since", "3650d", "--last", "6"], in: directory)
        #expect(quiet.status == 0, "the last six runs all come after the change: \(quiet.stdout)")
        let report = try await EvalctlProcess.run(["report", "--html", "out/report.html", "--since", "3650d"], in: directory)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: directory.path("out/report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        let badSince = try await EvalctlProcess.run(["drift", "--since", "yesterday"], in: directory)
        #expect(badSince.status == 2 && badSince.stderr.contains("--since"))
        let nothingInRange = try await EvalctlProcess.run(["drift"], in: directory)
        #expect(nothingInRange.status == 2, "the runs are older than 30 days: nothing to check is not an all-clear")
        #expect(nothingInRange.stderr.contains("no completed runs in range"))
        let typo = try await EvalctlProcess.run(["drift", "--since", "3650d", "--evalset", "qaa"], in: directory)
        #expect(typo.status == 2 && typo.stderr.contains("no run has eval set 'qaa' (eval sets in the database: qa) (did you mean 'qa'?)"))
    }

    @Test("run --html writes the report focused on the new run")
    func runWritesHTML() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<10).map { "<script>alert(\($0))</script>" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let first = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await EvalctlProcess.run(["run", evalSet, "--html", "report.html"], in: directory)
        #expect(second.status == 0, "\(second.stderr)")
        let html = try String(contentsOfFile: directory.path("report.html"), encoding: .utf8)
        #expect(html.contains("<title>evalctl run 2</title>"))
        #expect(html.contains("against run"))
        #expect(!html.lowercased().contains("<script"))
    }
}
