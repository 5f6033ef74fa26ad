import Foundation
import Testing
@testable import EvalKit

@Suite("review labels and result flags in the store")
struct ReviewLabelStoreTests {
    @Test("a reviewer's newest label is current, every label is kept, an unknown result id stores nothing", arguments: StoreKind.all)
    func labels(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await RunHistoryTests.nightly(store, count: 2)
            let results = try await store.results(ofRun: 2)
            let first = results[0].result.id, second = results[1].result.id
            let at = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.recordReviewLabels([
                ReviewLabel(resultID: first, reviewer: "ana", label: .fail, note: "wrong city", labelledAt: at),
                ReviewLabel(resultID: first, reviewer: "bo", label: .pass, labelledAt: at),
            ])
            try await store.recordReviewLabels([ReviewLabel(resultID: first, reviewer: "ana", label: .pass, note: "on second look", labelledAt: at + 60)])
            await #expect(throws: StoreError.self) {
                try await store.recordReviewLabels([
                    ReviewLabel(resultID: second, reviewer: "ana", label: .pass, labelledAt: at),
                    ReviewLabel(resultID: 999_999, reviewer: "ana", label: .pass, labelledAt: at),
                ])
            }
            let current = try await store.reviewLabels(ofRun: 2)
            #expect(current.map(\.reviewer) == ["ana", "bo"], "nothing of the failed batch was stored")
            #expect(current.first { $0.reviewer == "ana" }?.label == .pass)
            #expect(current.first { $0.reviewer == "ana" }?.note == "on second look")
            #expect(try await store.reviewLabels(ofRun: 1).isEmpty)
            let history = try await store.reviewLabelHistory(resultID: first)
            #expect(history.map(\.label) == [ReviewLabel.Verdict.fail, .pass, .pass])
        }
    }

    @Test("flags round-trip with the result; none is nil", arguments: StoreKind.all)
    func flags(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await RunHistoryTests.nightly(store, count: 1)
            let stored = try await store.results(ofRun: 1)
            #expect(stored.allSatisfy { $0.result.flags == nil })
            var record = stored[0].result.fields
            record.runID = try await store.insertRun(RunRecord(startedAt: Date(), finishedAt: nil, status: .running, gitCommit: nil,
                                                               evalctlVersion: "t", configHash: "c", tag: nil, hostname: "h", command: "c"))
            var suite = try await store.summary(ofRun: 1).suites[0].suite.fields
            suite.runID = record.runID
            record.suiteID = try await store.insertSuite(suite)
            record.flags = ["refusal", "output length 5.2× the median"]
            try await store.insertResults([ResultEntry(result: record, scores: [])])
            let read = try await store.results(ofRun: record.runID)
            #expect(read.first?.result.flags == ["refusal", "output length 5.2× the median"])
        }
    }
}
