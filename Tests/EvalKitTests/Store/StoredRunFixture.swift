import Foundation
@testable import EvalKit

/// A run stored in a real database for the after-run readers: several suites whose results interleave by id (as a
/// run with several suites in flight writes them), passes, failures and errors, results without latency, two scores
/// on some results, an answer from another model, and refusals (finish reasons `refusal`, `content_filter`).
struct StoredRunFixture {
    let store: any ResultStore
    let runID: Int64
    let suiteIDs: [Int64]

    /// Stores the run; `sizes[i]` results in suite i, `outputSize` the length of every tenth output (to make a file
    /// larger than one write).
    static func make(in store: any ResultStore, sizes: [Int] = [7, 4, 0, 1], outputSize: Int = 20, passingCases: Set<String> = [],
                     tag: String? = nil) async throws -> StoredRunFixture {
        let runID = try await store.insertRun(EvalStoreTests.run(tag: tag))
        var suiteIDs: [Int64] = []
        for index in sizes.indices {
            var suite = EvalStoreTests.suite(runID: runID)
            suite.evalset = "set-\(index)"
            suite.caseCount = sizes[index]
            suite.repeats = index == 1 ? 2 : 1
            suiteIDs.append(try await store.insertSuite(suite, scorers: [(name: "exact", scale: .passFail), (name: "bleu", scale: ScoreScale(kind: .continuous, range: 0...100))]))
        }
        for position in 0..<(sizes.max() ?? 0) {
            for (index, suiteID) in suiteIDs.enumerated() where position < sizes[index] {
                let caseID = "case-\(position)"
                let status: ResultStatus = passingCases.contains(caseID) ? .passed : [.passed, .failed, .error, .passed, .failed][(position + index) % 5]
                var record = EvalStoreTests.result(runID: runID, suiteID: suiteID, caseID: caseID, status: status)
                record.evalset = "set-\(index)"
                record.repeatIndex = index == 1 ? position % 2 : 0
                record.caseID = index == 1 ? "case-\(position / 2)" : caseID
                record.latencyMs = position % 3 == 2 ? nil : Double(position * 37 % 11) + 0.125 * Double(index)
                record.ttftMs = position % 4 == 3 ? nil : Double(position % 5)
                record.model = position == 1 ? "other-model" : position % 2 == 0 ? "m-2026" : "m"
                if status != .error { record.finishReason = [4: "refusal", 5: "content_filter"][position % 7] ?? "stop" }
                record.output = status == .error ? nil : position % 10 == 0 ? String(repeating: "<é&\u{1}>", count: outputSize / 5) : "out \(position)"
                let exact = Score(scorer: "exact", value: status == .passed ? 1 : 0, threshold: 1, reason: status == .passed ? "matches" : "differs \"here\"")
                let bleu = Score(scorer: "bleu", value: 12.5, threshold: 0, reason: "BLEU 12.50")
                try await store.insertResult(record, scores: status == .error ? [] : position % 2 == 0 ? [exact, bleu] : [exact])
            }
        }
        try await store.finishRun(id: runID, status: .completed)
        return StoredRunFixture(store: store, runID: runID, suiteIDs: suiteIDs)
    }
}
