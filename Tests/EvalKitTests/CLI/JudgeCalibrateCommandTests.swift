import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl judge calibrate, and the calibration in compare, as a process")
struct JudgeCalibrateCommandTests {
    /// Stores a completed run of 40 results scored by a judge `helpful` (passes the first `judgePasses`) and `exact`.
    static func storeRun(_ store: SQLiteStore, judgePasses: Int) async throws -> (runID: Int64, resultIDs: [Int64]) {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let runID = try await store.insertRun(RunRecord(startedAt: at, finishedAt: at, status: .running, gitCommit: nil,
                                                        evalctlVersion: "t", configHash: "c", tag: nil, hostname: "h", command: "c"))
        let suiteID = try await store.insertSuite(SuiteRecord(runID: runID, evalset: "qa", evalsetVersion: "1", evalsetHash: "h",
                                                              promptID: "p", promptHash: "ph", backend: "b", model: "m",
                                                              minPassRate: 0, caseCount: 40, repeats: 1))
        let entries = (0..<40).map { index in
            let judge = index < judgePasses
            let record = ResultRecord(runID: runID, suiteID: suiteID, evalset: "qa", evalsetVersion: "1", evalsetHash: "h",
                                      caseID: "case-\(index)", caseHash: "c\(index)", promptID: "p", promptHash: "ph", backend: "b",
                                      model: "m", repeatIndex: 0, request: "{}", output: "answer \(index)", status: judge ? .passed : .failed,
                                      error: nil, latencyMs: 10, ttftMs: nil, promptTokens: 1, completionTokens: 1, attempts: 1,
                                      finishReason: "stop", systemFingerprint: nil, completedAt: at)
            return ResultEntry(result: record, scores: [
                Score(scorer: "helpful", value: judge ? 5 : 2, threshold: 4, reason: "judge",
                      details: .object(["rubric_hash": .string("r"), "judge_model": .string("j")])),
            ])
        }
        try await store.insertResults(entries)
        try await store.finishRun(id: runID, status: .completed)
        return (runID, try await store.results(ofRun: runID).map(\.result.id))
    }

    @Test("κ and the corrected pass rate from stored labels, as text and JSON; compare shows them; a run without judges says so")
    func calibrate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        _ = try await Self.storeRun(store, judgePasses: 30)
        let (runID, ids) = try await Self.storeRun(store, judgePasses: 25)
        // People: the judge's 25 passes are 20 pass + 5 fail; of its 15 fails, 10 pass + 5 fail (the fixture's table
        // scaled: κ = 0.4 needs 20/5/10/15 — here 20/5/10/5 on 40 labels).
        let at = Date(timeIntervalSince1970: 1_800_000_100)
        let labels = ids.enumerated().map { index, id in
            let pass = index < 20 || (index >= 25 && index < 35)
            return ReviewLabel(resultID: id, reviewer: "ana", label: pass ? .pass : .fail, labelledAt: at)
        }
        try await store.recordReviewLabels(labels)
        let table = AgreementTable(bothPass: 20, judgeOnlyPass: 5, humanOnlyPass: 10, bothFail: 5)

        let json = try await EvalctlProcess.run(["judge", "calibrate", "latest", "--format", "json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let parsed = try JSONValue(parsing: Data(json.stdout.utf8))
        let judge = try #require(parsed["judges"]?.arrayValue?.first)
        #expect(judge["scorer"] == .string("helpful") && judge["labels"] == .number(40))
        #expect(judge["kappa"] == table.kappa.map(JSONValue.number))
        #expect(judge["judge_pass_rate"] == .number(25.0 / 40))
        #expect(judge["corrected_pass_rate"] == table.correctedPassRate(judgePassRate: 25.0 / 40).map(JSONValue.number))
        #expect(judge["warnings"]?.arrayValue?.isEmpty == false, "κ below 0.6 warns")

        let text = try await EvalctlProcess.run(["judge", "calibrate", String(runID)], in: directory)
        #expect(text.status == 0 && text.stdout.contains("KAPPA [95% CI]") && text.stdout.contains("warning:"))

        let compare = try await EvalctlProcess.run(["compare", "1", "2"], in: directory)
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("judge qa / p / b helpful against 40 people's labels"), "\(compare.stdout)")
        let compareJSON = try JSONValue(parsing: Data(try await EvalctlProcess.run(["compare", "1", "2", "--format", "json"], in: directory).stdout.utf8))
        #expect(compareJSON["judge_calibration"]?["judges"]?.arrayValue?.count == 1)

        let unlabelled = try await EvalctlProcess.run(["judge", "calibrate", "1"], in: directory)
        #expect(unlabelled.status == 0 && unlabelled.stdout.contains("warning:"), "no labels on run 1: warns")
        let missing = try await EvalctlProcess.run(["judge", "calibrate", "99"], in: directory)
        #expect(missing.status == 2 && missing.stderr.contains("no run '99'"))
    }
}
