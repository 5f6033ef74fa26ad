import Foundation
import Testing
@testable import EvalKit

@Suite("feedback in the store: idempotent by id, changed content refused unless replaced")
struct FeedbackStoreTests {
    static let now = Date(timeIntervalSince1970: 1_796_083_200)

    static func record(_ id: String, down: Bool = true, hash: String = "h1", time: Date? = now, correction: String? = nil) -> FeedbackRecord {
        FeedbackRecord(id: id, input: .array([.object(["role": .string("user"), "content": .string("hi")])]), output: "out",
                       rating: .thumb(down: down), user: "u", promptVersion: "p1", model: "m", time: time, correction: correction,
                       contentHash: hash, importedAt: now)
    }

    @Test("a second import of the same records changes nothing and counts them as already present", arguments: StoreKind.all)
    func importIsIdempotent(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let records = [Self.record("a"), Self.record("b", down: false, correction: "fixed")]
            let first = try await store.importFeedback(records, replace: false)
            #expect(first == FeedbackImportOutcome(imported: 2, alreadyPresent: 0, changedIDs: [], replaced: 0))
            let again = try await store.importFeedback(records, replace: false)
            #expect(again == FeedbackImportOutcome(imported: 0, alreadyPresent: 2, changedIDs: [], replaced: 0))
            let stored = try await store.feedback(since: nil, down: nil)
            #expect(stored == records, "every field read back as written")
        }
    }

    @Test("a stored id with different content stores nothing of the batch, unless replace", arguments: StoreKind.all)
    func changedContent(kind: StoreKind) async throws {
        try await kind.withStore { store in
            _ = try await store.importFeedback([Self.record("a")], replace: false)
            let batch = [Self.record("a", down: false, hash: "h2"), Self.record("new")]
            let refused = try await store.importFeedback(batch, replace: false)
            #expect(refused.changedIDs == ["a"] && refused.imported == 0)
            #expect(try await store.feedback(since: nil, down: nil).map(\.id) == ["a"], "the new record was not stored either")
            #expect(try await store.feedback(since: nil, down: nil).first?.isDown == true)
            let replaced = try await store.importFeedback(batch, replace: true)
            #expect(replaced == FeedbackImportOutcome(imported: 1, alreadyPresent: 0, changedIDs: ["a"], replaced: 1))
            let stored = try await store.feedback(since: nil, down: nil)
            #expect(stored.map(\.id) == ["a", "new"] && stored.first?.isDown == false)
        }
    }

    @Test("since goes by the record's time, else its import time; scaled ratings read back with their scale", arguments: StoreKind.all)
    func sinceAndScales(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var scaled = Self.record("scaled", time: Self.now.addingTimeInterval(-10 * 86_400))
            scaled.rating = .score(2, minimum: 1, maximum: 5)
            let untimed = Self.record("untimed", time: nil)
            _ = try await store.importFeedback([scaled, untimed, Self.record("recent")], replace: false)
            let all = try await store.feedback(since: nil, down: nil)
            #expect(all.map(\.id) == ["scaled", "recent", "untimed"])
            #expect(all.first?.rating == .score(2, minimum: 1, maximum: 5) && all.first?.isDown == true)
            let recent = try await store.feedback(since: Self.now.addingTimeInterval(-86_400), down: nil)
            #expect(recent.map(\.id) == ["recent", "untimed"])
            #expect(try await store.feedback(since: nil, down: true).map(\.id) == ["scaled", "recent", "untimed"])
            #expect(try await store.feedback(since: nil, down: false).isEmpty)
            let votes = try await store.feedbackVotes(since: Self.now.addingTimeInterval(-86_400))
            #expect(votes == [FeedbackVote(time: Self.now, down: true, promptVersion: "p1", model: "m"),
                              FeedbackVote(time: Self.now, down: true, promptVersion: "p1", model: "m")])
        }
    }
}
