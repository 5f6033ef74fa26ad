import Foundation
import Testing
@testable import EvalKit

@Suite("Review queue selection and status")
struct ReviewQueueTests {
    @Test("each queue holds the results it names, in case order, with why they are queued")
    func queuesSelectTheirResults() async throws {
        let store = try SQLiteStore.inMemory()
        let run = try await ReviewFixture.write(into: store)
        func cases(_ kinds: [ReviewQueueKind]) async throws -> [String] {
            try await ReviewQueue.load(store: store, runID: run.runID, kinds: kinds).items.map(\.record.caseID)
        }
        #expect(try await cases([.flagged]) == ["a-flagged"])
        #expect(try await cases([.failed]) == ["b-failed", "c-disagree", "e-error"])
        #expect(try await cases([.judgeDisagree]) == ["c-disagree", "d-split"])
        #expect(try await cases(ReviewQueueKind.standard) == ["a-flagged", "b-failed", "c-disagree", "e-error"])
        #expect(try await cases([.all]).count == 6)
        let queue = try await ReviewQueue.load(store: store, runID: run.runID, kinds: [.flagged, .failed, .judgeDisagree])
        let reasons = Dictionary(uniqueKeysWithValues: queue.items.map { ($0.record.caseID, $0.reasons) })
        #expect(reasons["a-flagged"] == ["flag: refusal"])
        #expect(reasons["c-disagree"] == ["failed: exact", "judge disagrees: judge passes, exact fails"])
        #expect(reasons["d-split"] == ["judge samples disagree: judge 2 of 3 pass"])
        #expect(reasons["e-error"] == ["error: HTTP 500: boom"])
    }

    @Test("--queue words: commas join queues, an unknown word is named with a suggestion")
    func parsesQueueNames() throws {
        #expect(try ReviewQueueKind.parse("flagged,judge-disagree").get() == [.flagged, .judgeDisagree])
        guard case .failure(let error) = ReviewQueueKind.parse("flaged") else { Issue.record("flaged parsed"); return }
        #expect(error.description.contains("did you mean 'flagged'"))
    }

    @Test("a session resumes at the first item the reviewer has not labelled; another reviewer's labels do not count")
    func resumesAtFirstUnlabelled() async throws {
        let store = try SQLiteStore.inMemory()
        let run = try await ReviewFixture.write(into: store)
        try await store.recordReviewLabels([
            ReviewLabel(resultID: run.ids["a-flagged"]!, reviewer: "ana", label: .pass, labelledAt: Date()),
            ReviewLabel(resultID: run.ids["b-failed"]!, reviewer: "bo", label: .fail, labelledAt: Date()),
        ])
        let queue = try await ReviewQueue.load(store: store, runID: run.runID, kinds: ReviewQueueKind.standard)
        #expect(queue.firstUnlabelled(by: "ana") == 1)
        #expect(queue.firstUnlabelled(by: "bo") == 0)
        #expect(ReviewSession(queue: queue, reviewer: "ana").index == 1)
    }

    @Test("status: depth counts items no one labelled, the oldest unlabelled item's age, labels per reviewer")
    func statusCountsDepthAndAge() async throws {
        let store = try SQLiteStore.inMemory()
        let run = try await ReviewFixture.write(into: store)
        // b-failed (90 min old) is the oldest failed item; once labelled, e-error (60 min) is.
        try await store.recordReviewLabels([ReviewLabel(resultID: run.ids["b-failed"]!, reviewer: "ana", label: .fail, labelledAt: Date())])
        let status = try await ReviewQueueStatus.load(store: store, runID: run.runID)
        let failed = try #require(status.queues.first { $0.kind == .failed })
        #expect(failed.items == 3)
        #expect(failed.depth == 2)
        #expect(failed.oldestUnreviewedAge(at: ReviewFixture.completedAt) == 3600)
        #expect(failed.labelledBy == ["ana": 1])
        let json = try JSONValue(parsing: Data(ReviewStatusReport(status: status, now: ReviewFixture.completedAt).json().utf8))
        let flagged = try #require(json["queues"]?.arrayValue?.first { $0["queue"] == .string("flagged") })
        #expect(flagged["queue_depth"] == .number(1))
        #expect(flagged["oldest_unreviewed_age_s"] == .number(1800))
        #expect(ReviewStatusReport(status: status, now: ReviewFixture.completedAt).text().contains("failed               3           2  1h 0m"))
    }
}
