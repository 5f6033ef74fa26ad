import Foundation
@testable import EvalKit

/// A finished run whose results cover every queue: a flagged pass, an exact failure whose output tries to inject an
/// escape sequence, a judge that passes what exact fails, a judge whose samples split, an error, and a clean pass.
enum ReviewFixture {
    struct Run {
        let runID: Int64
        /// Result ids by case id.
        let ids: [String: Int64]
    }

    static let completedAt = Date(timeIntervalSince1970: 1_790_000_000)

    static func write(into store: any ResultStore) async throws -> Run {
        let runID = try await store.insertRun(RunRecord(startedAt: completedAt, finishedAt: nil, status: .running, gitCommit: nil,
                                                        evalctlVersion: "test", configHash: "c", tag: nil, hostname: "h", command: "evalctl run"))
        let suiteID = try await store.insertSuite(SuiteRecord(runID: runID, evalset: "qa", evalsetVersion: "1", evalsetHash: "eh",
                                                              promptID: "v1", promptHash: "ph", backend: "stub", model: "m",
                                                              minPassRate: 0.5, caseCount: 6, repeats: 1))
        func result(_ caseID: String, _ status: ResultStatus, output: String?, flags: [String]? = nil, minutesAgo: Double = 0) -> ResultRecord {
            var record = ResultRecord(
                runID: runID, suiteID: suiteID, evalset: "qa", evalsetVersion: "1", evalsetHash: "eh", caseID: caseID, caseHash: "ch-\(caseID)",
                promptID: "v1", promptHash: "ph", backend: "stub", model: "m", repeatIndex: 0,
                request: ChatRequest(messages: [ChatMessage(role: .system, content: "Answer briefly."),
                                                ChatMessage(role: .user, content: "Question \(caseID)?")]).storedJSON,
                output: output, status: status, error: status == .error ? "HTTP 500: boom" : nil, latencyMs: 10, ttftMs: nil,
                promptTokens: 5, completionTokens: 2, attempts: 1, finishReason: "stop", systemFingerprint: nil,
                completedAt: completedAt.addingTimeInterval(-minutesAgo * 60))
            record.flags = flags
            return record
        }
        func judge(_ samples: [Double], threshold: Double = 0.5) -> Score {
            let sorted = samples.sorted()
            let median = sorted[sorted.count / 2]
            return Score(scorer: "judge", value: median, threshold: threshold, reason: "judge \(median)", details: .object([
                "judge_backend": .string("j"), "judge_model": .string("jm"), "scores": .array(samples.map(JSONValue.number)),
                "median": .number(median), "spread": .number((sorted.last ?? 0) - (sorted.first ?? 0)),
            ]))
        }
        let exactPass = Score(scorer: "exact", value: 1, threshold: 1, reason: "matches expected")
        let exactFail = Score(scorer: "exact", value: 0, threshold: 1, reason: "expected 'Paris'")
        let entries = [
            ResultEntry(result: result("a-flagged", .passed, output: "I cannot help with that.", flags: ["refusal"], minutesAgo: 30), scores: [exactPass]),
            ResultEntry(result: result("b-failed", .failed, output: "Lyon\u{1B}[2J\u{1B}]0;pwned\u{07} is the capital", minutesAgo: 90), scores: [exactFail]),
            ResultEntry(result: result("c-disagree", .failed, output: "paris.", minutesAgo: 10), scores: [exactFail, judge([1])]),
            ResultEntry(result: result("d-split", .passed, output: "Paris", minutesAgo: 5), scores: [exactPass, judge([1, 0, 1])]),
            ResultEntry(result: result("e-error", .error, output: nil, minutesAgo: 60), scores: []),
            ResultEntry(result: result("f-clean", .passed, output: "Paris"), scores: [exactPass]),
        ]
        try await store.insertResults(entries)
        try await store.finishRun(id: runID, status: .completed, at: completedAt)
        let results = try await store.results(ofRun: runID)
        return Run(runID: runID, ids: Dictionary(uniqueKeysWithValues: results.map { ($0.result.fields.caseID, $0.result.id) }))
    }
}
