import Foundation
import PostgresNIO

// Shards of one run write from many machines at once: every change to a run's shards first locks the run's row
// (`FOR UPDATE`), so claims and finishes of one run take turns, and of shards finishing at once exactly one sees
// them all finished.
extension PostgresStore {
    public func joinShardedRun(_ run: RunRecord) async throws -> (id: Int64, created: Bool) {
        guard let key = run.runKey else { preconditionFailure("a sharded run has a run key") }
        // Of shards inserting at once, one row wins (ON CONFLICT DO NOTHING waits for it); the rest read it.
        for _ in 0..<3 {
            if let row = try await rows("SELECT * FROM runs WHERE run_key = \(key)").first {
                let stored = try row.run
                try ShardedRunJoin.check(stored, joining: run)
                return (stored.id, false)
            }
            if let id = try await insertRunRow(run) { return (id, true) }
        }
        throw StoreError.shardMismatch("run key '\(key)' could not be created or read")
    }

    public func joinSuites(_ suites: [(record: SuiteRecord, scorers: [(name: String, scale: ScoreScale)])]) async throws -> [Int64] {
        guard let runID = suites.first?.record.runID else { return [] }
        return try await transaction { connection in
            try await Self.lockRun(connection, runID)
            var ids: [Int64] = []
            for (suite, scorers) in suites {
                if let row = try await Self.rows(connection, """
                    SELECT * FROM suites WHERE run_id = \(suite.runID) AND evalset = \(suite.evalset) AND prompt_id = \(suite.promptID)
                      AND backend = \(suite.backend)
                    """).first {
                    let stored = try row.suite
                    try ShardedRunJoin.check(stored, joining: suite)
                    ids.append(stored.id)
                    continue
                }
                ids.append(try await Self.insertSuite(connection, suite, scorers: scorers))
            }
            return ids
        }
    }

    public func claimShard(_ shard: RunShard, check: @escaping @Sendable (RunShard?) throws -> Void) async throws -> RunShard? {
        try await transaction { connection in
            try await Self.lockRun(connection, shard.runID)
            let earlier = try await Self.rows(connection, """
                SELECT * FROM run_shards WHERE run_id = \(shard.runID) AND shard_index = \(shard.index)
                """).first.map { try Self.shard($0) }
            try check(earlier)
            let owner = shard.owner
            try await connection.query("""
                INSERT INTO run_shards (run_id, shard_index, status, hostname, owner_pid, owner_start_time, owner_boot_id, cells,
                  attempts, started_at, finished_at, heartbeat_at)
                VALUES (\(shard.runID), \(shard.index), \(shard.status.rawValue), \(owner.host), \(Int64(owner.pid)), \(owner.startTime),
                  \(owner.bootID), \(shard.cells), 1, \(shard.startedAt), NULL, \(shard.heartbeatAt))
                ON CONFLICT (run_id, shard_index) DO UPDATE SET status = EXCLUDED.status, hostname = EXCLUDED.hostname,
                  owner_pid = EXCLUDED.owner_pid, owner_start_time = EXCLUDED.owner_start_time, owner_boot_id = EXCLUDED.owner_boot_id,
                  cells = EXCLUDED.cells, attempts = run_shards.attempts + 1, started_at = EXCLUDED.started_at, finished_at = NULL,
                  heartbeat_at = EXCLUDED.heartbeat_at
                """, logger: Self.logger)
            try await connection.query("""
                UPDATE runs SET status = 'running', finished_at = NULL WHERE id = \(shard.runID) AND status <> 'running'
                """, logger: Self.logger)
            return earlier
        }
    }

    public func beatShardHeartbeat(runID: Int64, index: Int, at date: Date) async throws {
        _ = try await rows("UPDATE run_shards SET heartbeat_at = \(date) WHERE run_id = \(runID) AND shard_index = \(index)")
    }

    public func finishShard(runID: Int64, index: Int, status: RunStatus, at date: Date) async throws -> ShardedRunState {
        try await transaction { connection in
            try await Self.lockRun(connection, runID)
            try await connection.query("""
                UPDATE run_shards SET status = \(status.rawValue), finished_at = \(date), heartbeat_at = \(date)
                WHERE run_id = \(runID) AND shard_index = \(index)
                """, logger: Self.logger)
            guard let state = try await Self.shardedRun(connection, id: runID) else { throw StoreError.noSuchRun(String(runID)) }
            return state
        }
    }

    public func shardedRun(id: Int64) async throws -> ShardedRunState? {
        try await transaction { connection in try await Self.shardedRun(connection, id: id) }
    }

    public func runID(forKey key: String) async throws -> Int64? {
        try await rows("SELECT id FROM runs WHERE run_key = \(key)").first?["id"]
    }

    private static func lockRun(_ connection: PostgresConnection, _ runID: Int64) async throws {
        guard try await !rows(connection, "SELECT id FROM runs WHERE id = \(runID) FOR UPDATE").isEmpty else {
            throw StoreError.noSuchRun(String(runID))
        }
    }

    private static func shardedRun(_ connection: PostgresConnection, id: Int64) async throws -> ShardedRunState? {
        guard let row = try await rows(connection, "SELECT shard_count FROM runs WHERE id = \(id)").first,
              let count: Int = try row["shard_count"] else { return nil }
        let shards = try await rows(connection, "SELECT * FROM run_shards WHERE run_id = \(id) ORDER BY shard_index").map { try shard($0) }
        return ShardedRunState(runID: id, shardCount: count, shards: shards)
    }

    private static func shard(_ row: PostgresRecordRow) throws -> RunShard {
        let pid: Int64 = try row["owner_pid"]
        return RunShard(runID: try row["run_id"], index: try row["shard_index"], status: (try? row.value("status")) ?? .failed,
                        owner: RunOwner(host: try row["hostname"], pid: Int32(truncatingIfNeeded: pid), startTime: try row["owner_start_time"],
                                        bootID: try row["owner_boot_id"]),
                        cells: try row["cells"], attempts: try row["attempts"], startedAt: try row["started_at"],
                        finishedAt: try row["finished_at"], heartbeatAt: try row["heartbeat_at"])
    }
}
