import Foundation
import GRDB

extension SQLiteStore {
    public func joinShardedRun(_ run: RunRecord) async throws -> (id: Int64, created: Bool) {
        guard let key = run.runKey else { preconditionFailure("a sharded run has a run key") }
        return try await pool.writeWithoutTransaction { db in
            var joined: (id: Int64, created: Bool)?
            // IMMEDIATE: the read and the insert under one write lock, so two shards cannot both create the run.
            try db.inTransaction(.immediate) {
                if let stored = try Stored<RunRecord>.fetchOne(db, RunRecord.filter(Column("run_key") == key)) {
                    try ShardedRunJoin.check(stored, joining: run)
                    joined = (stored.id, false)
                } else {
                    try run.insert(db)
                    joined = (db.lastInsertedRowID, true)
                }
                return .commit
            }
            return joined!
        }
    }

    public func joinSuites(_ suites: [(record: SuiteRecord, scorers: [(name: String, scale: ScoreScale)])]) async throws -> [Int64] {
        try await pool.writeWithoutTransaction { db in
            var ids: [Int64] = []
            try db.inTransaction(.immediate) {
                for (record, scorers) in suites {
                    if let stored = try Stored<SuiteRecord>.fetchOne(db, SuiteRecord.filter(
                        Column("run_id") == record.runID && Column("evalset") == record.evalset
                            && Column("prompt_id") == record.promptID && Column("backend") == record.backend)) {
                        try ShardedRunJoin.check(stored, joining: record)
                        ids.append(stored.id)
                        continue
                    }
                    ids.append(try Self.insertSuite(db, record, scorers: scorers))
                }
                return .commit
            }
            return ids
        }
    }

    public func claimShard(_ shard: RunShard, check: @escaping @Sendable (RunShard?) throws -> Void) async throws -> RunShard? {
        try await pool.writeWithoutTransaction { db in
            var earlier: RunShard?
            try db.inTransaction(.immediate) {
                earlier = try Row.fetchOne(db, sql: "SELECT * FROM run_shards WHERE run_id = ? AND shard_index = ?",
                                           arguments: [shard.runID, shard.index]).map(Self.shard)
                try check(earlier)
                try db.execute(sql: """
                    INSERT INTO run_shards (run_id, shard_index, status, hostname, owner_pid, owner_start_time, owner_boot_id, cells,
                      attempts, started_at, finished_at, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, NULL, ?)
                    ON CONFLICT (run_id, shard_index) DO UPDATE SET status = excluded.status, hostname = excluded.hostname,
                      owner_pid = excluded.owner_pid, owner_start_time = excluded.owner_start_time, owner_boot_id = excluded.owner_boot_id,
                      cells = excluded.cells, attempts = run_shards.attempts + 1, started_at = excluded.started_at, finished_at = NULL, heartbeat_at = excluded.heartbeat_at
                    """, arguments: [shard.runID, shard.index, shard.status.rawValue, shard.owner.host, shard.owner.pid,
                                     shard.owner.startTime, shard.owner.bootID, shard.cells, shard.startedAt, shard.heartbeatAt])
                try db.execute(sql: "UPDATE runs SET status = 'running', finished_at = NULL WHERE id = ? AND status <> 'running'",
                               arguments: [shard.runID])
                return .commit
            }
            return earlier
        }
    }

    public func beatShardHeartbeat(runID: Int64, index: Int, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE run_shards SET heartbeat_at = ? WHERE run_id = ? AND shard_index = ?", arguments: [date, runID, index])
        }
    }

    public func finishShard(runID: Int64, index: Int, status: RunStatus, at date: Date) async throws -> ShardedRunState {
        try await pool.writeWithoutTransaction { db in
            var state: ShardedRunState?
            try db.inTransaction(.immediate) {
                try db.execute(sql: "UPDATE run_shards SET status = ?, finished_at = ?, heartbeat_at = ? WHERE run_id = ? AND shard_index = ?",
                               arguments: [status.rawValue, date, date, runID, index])
                state = try Self.shardedRun(db, id: runID)
                return .commit
            }
            guard let state else { throw StoreError.noSuchRun(String(runID)) }
            return state
        }
    }

    public func shardedRun(id: Int64) async throws -> ShardedRunState? {
        try await pool.read { db in try Self.shardedRun(db, id: id) }
    }

    public func runID(forKey key: String) async throws -> Int64? {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM runs WHERE run_key = ?", arguments: [key]) }
    }

    static func shardedRun(_ db: Database, id: Int64) throws -> ShardedRunState? {
        guard let count = try Int.fetchOne(db, sql: "SELECT shard_count FROM runs WHERE id = ?", arguments: [id]) else { return nil }
        let shards = try Row.fetchAll(db, sql: "SELECT * FROM run_shards WHERE run_id = ? ORDER BY shard_index", arguments: [id]).map(shard)
        return ShardedRunState(runID: id, shardCount: count, shards: shards)
    }

    static func shard(_ row: Row) -> RunShard {
        RunShard(runID: row["run_id"], index: row["shard_index"], status: RunStatus(rawValue: row["status"]) ?? .failed,
                 owner: RunOwner(host: row["hostname"], pid: row["owner_pid"], startTime: row["owner_start_time"], bootID: row["owner_boot_id"]),
                 cells: row["cells"], attempts: row["attempts"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                 heartbeatAt: row["heartbeat_at"])
    }
}
