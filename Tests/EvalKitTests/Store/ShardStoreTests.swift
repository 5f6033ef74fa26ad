import Foundation
import Testing
@testable import EvalKit

/// The store's part of a sharded run, through the protocol: joining a run by key, suites found or stored, claims,
/// and exactly one shard closing the run.
@Suite("ResultStore: sharded runs")
struct ShardStoreTests {
    static func shardedRun(key: String = "k", count: Int = 2, config: String = "c", matrix: String = "m") -> RunRecord {
        var run = EvalStoreTests.run()
        (run.runKey, run.shardCount, run.configHash, run.matrixHash) = (key, count, config, matrix)
        return run
    }

    static func claim(_ runID: Int64, _ index: Int, pid: Int32 = 1) -> RunShard {
        RunShard(runID: runID, index: index, status: .running, owner: RunOwner(host: "h", pid: pid, startTime: nil, bootID: nil), cells: 5,
                 attempts: 1, startedAt: Date(), finishedAt: nil, heartbeatAt: Date())
    }

    static func check(_ store: any ResultStore) async throws {
        let (id, created) = try await store.joinShardedRun(shardedRun())
        #expect(created)
        let joined = try await store.joinShardedRun(shardedRun())
        #expect(joined.id == id && !joined.created)
        #expect(try await store.runID(forKey: "k") == id)
        #expect(try await store.runID(forKey: "nope") == nil)
        #expect(try await store.runID(for: "k") == id, "a run key is a run reference")

        for (record, message) in [(shardedRun(count: 3), "not 3"), (shardedRun(config: "c2"), "another backend configuration"),
                                  (shardedRun(matrix: "m2"), "another matrix")] {
            await #expect { try await store.joinShardedRun(record) } throws: { error in
                "\(error)".contains(message)
            }
        }
        let plain = try await store.insertRun(EvalStoreTests.run())
        #expect(plain != id)

        // Suites: the first shard stores them, the next finds the same ids; other content is refused.
        let suite = EvalStoreTests.suite(runID: id)
        let ids = try await store.joinSuites([(suite, [(name: "exact", scale: .passFail)])])
        #expect(try await store.joinSuites([(suite, [])]) == ids)
        var changed = suite
        changed.evalsetHash = "other"
        await #expect { try await store.joinSuites([(changed, [])]) } throws: { "\($0)".contains("other content") }

        // Claims: the check sees the earlier attempt and can refuse; a refused claim stores nothing.
        let first = try await store.claimShard(claim(id, 1)) { earlier in
            if earlier != nil { throw StoreError.noRuns }
        }
        #expect(first == nil)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await store.claimShard(claim(id, 1, pid: 2)) { _ in throw Refused() } }
        let state = try #require(try await store.shardedRun(id: id))
        #expect(state.shards.map(\.owner.pid) == [1])
        try await store.beatShardHeartbeat(runID: id, index: 1, at: Date(timeIntervalSinceNow: 5))

        let afterFirst = try await store.finishShard(runID: id, index: 1, status: .interrupted, at: Date())
        #expect(!afterFirst.allFinished)
        _ = try await store.claimShard(claim(id, 2)) { _ in }
        let afterSecond = try await store.finishShard(runID: id, index: 2, status: .completed, at: Date())
        #expect(afterSecond.allFinished && afterSecond.runStatus == .interrupted)
        try await store.finishRun(id: id, status: .interrupted)

        // Shard 1 again: its earlier attempt is handed to the check, the run is running again, attempts counted.
        let earlier = try await store.claimShard(claim(id, 1, pid: 3)) { _ in }
        #expect(earlier?.status == .interrupted && earlier?.attempts == 1)
        #expect(try await store.summary(ofRun: id).run.status == .running)
        let closed = try await store.finishShard(runID: id, index: 1, status: .completed, at: Date())
        #expect(closed.runStatus == .completed)
        #expect(closed.shards.first { $0.index == 1 }?.attempts == 2)
        #expect(try await store.shardedRun(id: plain) == nil)
    }

    @Test("join, suites, claims, finishing and closing", arguments: StoreKind.all)
    func shards(kind: StoreKind) async throws {
        try await kind.withStore { try await Self.check($0) }
    }

    @Test("of shards joining and finishing at once through separate connections, one creates the run and exactly one closes it",
          arguments: StoreKind.all)
    func oneCloser(kind: StoreKind) async throws {
        try await kind.withLocation { location in
            let stores = try (0..<6).map { _ in try StoreLocation.open(location) }
            let joins = try await withThrowingTaskGroup(of: (Int64, Bool).self) { group in
                for store in stores { group.addTask { try await store.joinShardedRun(Self.shardedRun(count: 6)) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(joins.map(\.0)).count == 1 && joins.filter(\.1).count == 1, "one run, created once")
            let id = joins[0].0
            for index in 1...6 { _ = try await stores[index - 1].claimShard(Self.claim(id, index)) { _ in } }
            let closers = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 1...6 {
                    group.addTask { try await stores[index - 1].finishShard(runID: id, index: index, status: .completed, at: Date()).allFinished }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(closers == 1)
        }
    }
}
