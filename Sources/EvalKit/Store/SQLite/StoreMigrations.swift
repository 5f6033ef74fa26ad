import GRDB

/// The database schema, as named migrations applied in order. Never edit a shipped migration; add a new one.
enum StoreMigrations {
    /// GRDB's migrator over the same migrations: it names the applied ones, and lets tests build an older schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations.list {
            migrator.registerMigration(migration.identifier, migrate: migration.body)
        }
        return migrator
    }

    /// The migrations' identifiers in order: `PostgresMigrations` must list the same ones (a test checks).
    static var identifiers: [String] { migrations.list.map(\.identifier) }

    /// Applies every migration not yet applied, all in one exclusive transaction that re-reads which ones are applied
    /// once it holds the lock: of several processes upgrading the same file at once, one migrates and the others,
    /// waiting on the lock (the busy timeout), then find nothing left to do. GRDB's migrator reads what is applied
    /// before it locks, so two processes both ran `v1` and the loser failed with "table runs already exists".
    static func migrate(_ writer: some DatabaseWriter) throws {
        let all = migrations.list
        try writer.barrierWriteWithoutTransaction { db in
            // Up to date: no lock needed, so opening never waits on a run that is writing. (A table never disappears,
            // so a stale "exists" cannot happen; a stale "missing" only takes the locked path.)
            if try db.tableExists("grdb_migrations") {
                let applied = try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
                if all.allSatisfy({ applied.contains($0.identifier) }) { return }
            }
            try db.inTransaction(.exclusive) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let applied = try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
                for migration in all where !applied.contains(migration.identifier) {
                    try migration.body(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
                }
                return .commit
            }
        }
    }

    /// The named migrations in order, registered with the same call shape as GRDB's `DatabaseMigrator`.
    struct MigrationList {
        typealias Body = @Sendable (Database) throws -> Void
        private(set) var list: [(identifier: String, body: Body)] = []

        mutating func registerMigration(_ identifier: String, migrate body: @escaping Body) {
            list.append((identifier, body))
        }
    }

    private static var migrations: MigrationList {
        var migrator = MigrationList()
        migrator.registerMigration("v1-runs-results-scores") { db in
            try db.create(table: "runs") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("started_at", .datetime).notNull()
                table.column("finished_at", .datetime)
                table.column("status", .text).notNull()
                table.column("git_commit", .text)
                table.column("evalctl_version", .text).notNull()
                table.column("config_hash", .text).notNull()
                table.column("tag", .text)
                table.column("hostname", .text).notNull()
                table.column("command", .text).notNull()
            }
            try db.create(table: "suites") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("run_id", .integer).notNull().indexed().references("runs", onDelete: .cascade)
                table.column("evalset", .text).notNull()
                table.column("evalset_version", .text).notNull()
                table.column("evalset_hash", .text).notNull()
                table.column("prompt_id", .text).notNull()
                table.column("prompt_hash", .text).notNull()
                table.column("backend", .text).notNull()
                table.column("model", .text).notNull()
                table.column("min_pass_rate", .double).notNull()
                table.column("case_count", .integer).notNull()
                table.column("repeats", .integer).notNull()
                table.uniqueKey(["run_id", "evalset", "prompt_id", "backend"])
            }
            try db.create(table: "results") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("run_id", .integer).notNull().indexed().references("runs", onDelete: .cascade)
                table.column("suite_id", .integer).notNull().indexed().references("suites", onDelete: .cascade)
                table.column("evalset", .text).notNull()
                table.column("evalset_version", .text).notNull()
                table.column("evalset_hash", .text).notNull()
                table.column("case_id", .text).notNull()
                table.column("case_hash", .text).notNull()
                table.column("prompt_id", .text).notNull()
                table.column("prompt_hash", .text).notNull()
                table.column("backend", .text).notNull()
                table.column("model", .text).notNull()
                table.column("repeat_index", .integer).notNull()
                table.column("request", .text).notNull()
                table.column("output", .text)
                table.column("status", .text).notNull().indexed()
                table.column("error", .text)
                table.column("latency_ms", .double)
                table.column("ttft_ms", .double)
                table.column("prompt_tokens", .integer)
                table.column("completion_tokens", .integer)
                table.column("attempts", .integer).notNull()
                table.column("finish_reason", .text)
                table.column("system_fingerprint", .text)
                table.column("completed_at", .datetime).notNull()
                table.uniqueKey(["run_id", "evalset", "case_id", "prompt_id", "backend", "repeat_index"])
            }
            try db.create(index: "results_on_case", on: "results", columns: ["evalset", "case_id"])
            try db.create(table: "scores") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("result_id", .integer).notNull().indexed().references("results", onDelete: .cascade)
                table.column("scorer", .text).notNull()
                table.column("value", .double).notNull()
                table.column("threshold", .double).notNull()
                table.column("passed", .boolean).notNull()
                table.column("reason", .text).notNull()
            }
        }
        migrator.registerMigration("v2-score-details") { db in
            try db.alter(table: "scores") { table in
                table.add(column: "details", .text)
            }
        }
        migrator.registerMigration("v3-suite-metrics") { db in
            try db.create(table: "suite_metrics") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("suite_id", .integer).notNull().indexed().references("suites", onDelete: .cascade)
                table.column("name", .text).notNull()
                table.column("value", .double).notNull()
                table.uniqueKey(["suite_id", "name"])
            }
        }
        migrator.registerMigration("v4-run-tags-and-scorer-scales") { db in
            // A tag is a movable name for a baseline: every tagging is kept, the newest one wins.
            try db.create(table: "run_tags") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("run_id", .integer).notNull().indexed().references("runs", onDelete: .cascade)
                table.column("name", .text).notNull().indexed()
                table.column("tagged_at", .datetime).notNull()
            }
            try db.execute(sql: """
                INSERT INTO run_tags (run_id, name, tagged_at)
                SELECT id, tag, COALESCE(finished_at, started_at) FROM runs WHERE tag IS NOT NULL AND status = 'completed'
                ORDER BY id
                """)
            // What a scorer's values mean, so runs can be compared on a 0…1 scale without the eval set at hand.
            try db.create(table: "suite_scorers") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("suite_id", .integer).notNull().indexed().references("suites", onDelete: .cascade)
                table.column("scorer", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("lower", .double).notNull()
                table.column("upper", .double).notNull()
                table.uniqueKey(["suite_id", "scorer"])
            }
        }
        migrator.registerMigration("v5-request-hash-and-pricing") { db in
            // Two results with the same request hash had the same input and parameters: a different output is noise
            // or a model change, never a data change.
            try db.alter(table: "results") { table in
                table.add(column: "request_hash", .text)
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT id, request FROM results")
            let update = try db.makeStatement(sql: "UPDATE results SET request_hash = ? WHERE id = ?")
            while let row = try rows.next() {
                let request: String = row["request"]
                try update.execute(arguments: [SHA256.hex(request), row["id"] as Int64])
            }
            try db.create(index: "results_on_request_hash", on: "results", columns: ["evalset", "case_id", "request_hash"])
            try db.alter(table: "suites") { table in
                table.add(column: "input_usd_per_mtok", .double)
                table.add(column: "output_usd_per_mtok", .double)
            }
        }
        migrator.registerMigration("v6-output-hash") { db in
            // The output's hash lets the report count distinct outputs without sorting every output text.
            try db.alter(table: "results") { table in
                table.add(column: "output_hash", .text)
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT id, output FROM results WHERE output IS NOT NULL")
            let update = try db.makeStatement(sql: "UPDATE results SET output_hash = ? WHERE id = ?")
            while let row = try rows.next() {
                let output: String = row["output"]
                try update.execute(arguments: [SHA256.hex(output), row["id"] as Int64])
            }
        }
        migrator.registerMigration("v7-run-owner") { db in
            // The process that runs a run (on the host in `hostname`), so a reader can tell a run still going from one
            // whose process was killed: a pid alone could be reused, so its start time and the boot are kept too.
            try db.alter(table: "runs") { table in
                table.add(column: "owner_pid", .integer)
                table.add(column: "owner_start_time", .integer)
                table.add(column: "owner_boot_id", .text)
            }
        }
        migrator.registerMigration("v8-error-kind") { db in
            // Who could not answer, stored rather than recognised again from the message's first word.
            try db.alter(table: "results") { table in table.add(column: "error_kind", .text) }
            try db.execute(sql: """
                UPDATE results SET error_kind = CASE WHEN error LIKE 'scorer %' THEN 'scorer' ELSE 'backend' END
                WHERE status = 'error'
                """)
        }
        migrator.registerMigration("v9-case-selection") { db in
            // The cases a run was limited to, so a comparison can say the run covered a subset.
            try db.alter(table: "runs") { table in table.add(column: "case_selection", .text) }
        }
        migrator.registerMigration("v10-cache-resume-budget") { db in
            // Each answer's cache key and whether the cache served it; what the answer and its judging cost.
            try db.alter(table: "results") { table in
                table.add(column: "cache_key", .text)
                table.add(column: "from_cache", .boolean).notNull().defaults(to: false)
                table.add(column: "cost_usd", .double)
                table.add(column: "judge_cost_usd", .double)
            }
            // One result per cell: a resumed run can never store a case twice.
            try db.create(index: "results_one_per_cell", on: "results", columns: ["suite_id", "case_id", "repeat_index"], unique: true)
            // Errors and skipped cells a resumed run sent again: moved here, so the history keeps them.
            try db.create(table: "superseded_results") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("result_id", .integer).notNull()
                table.column("run_id", .integer).notNull().indexed().references("runs", onDelete: .cascade)
                table.column("suite_id", .integer).notNull()
                table.column("case_id", .text).notNull()
                table.column("repeat_index", .integer).notNull()
                table.column("status", .text).notNull()
                table.column("error", .text)
                table.column("error_kind", .text)
                table.column("completed_at", .datetime).notNull()
                table.column("superseded_at", .datetime).notNull()
            }
            // The response cache: answers by the SHA-256 of what was asked (`RequestIdentity`), never credentials.
            try db.create(table: "response_cache") { table in
                table.primaryKey("key", .text)
                table.column("wire_type", .text).notNull()
                table.column("endpoint", .text).notNull()
                table.column("model", .text).notNull()
                table.column("sample", .integer).notNull()
                table.column("request", .text).notNull()
                table.column("output", .text).notNull()
                table.column("finish_reason", .text)
                table.column("prompt_tokens", .integer)
                table.column("completion_tokens", .integer)
                table.column("system_fingerprint", .text)
                table.column("served_model", .text)
                table.column("latency_ms", .double)
                table.column("ttft_ms", .double)
                table.column("recorded_at", .datetime).notNull().indexed()
            }
            // Every cache entry a run read or recorded (answers and judge verdicts): what `cache export RUN` writes.
            try db.create(table: "run_cache_keys") { table in
                table.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
                table.column("key", .text).notNull()
                table.primaryKey(["run_id", "key"])
            }
            try db.alter(table: "runs") { table in
                // What `run --resume` runs again: eval sets, backends, prompts, repeats, selection (JSON).
                table.add(column: "plan", .text)
                table.add(column: "max_cost_usd", .double)
                table.add(column: "rescored_from", .integer)
                table.add(column: "resumed_count", .integer).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("v11-answered-by") { db in
            // Which backend answered each case: the suite's own, or a fallback.
            try db.alter(table: "results") { table in table.add(column: "answered_by", .text) }
            try db.execute(sql: "UPDATE results SET answered_by = backend WHERE status IN ('passed', 'failed')")
        }
        migrator.registerMigration("v12-anthropic-usage") { db in
            // The prompt-cache parts of prompt_tokens, as Anthropic reports them (NULL where a backend does not).
            try db.alter(table: "results") { table in
                table.add(column: "cache_creation_input_tokens", .integer)
                table.add(column: "cache_read_input_tokens", .integer)
            }
        }
        migrator.registerMigration("v13-drift-alerts") { db in
            // The alert ledger: shifts `evalctl drift` has reported, so each is alerted once, whatever night.
            try db.create(table: "drift_alerts") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("evalset", .text).notNull()
                table.column("prompt_id", .text).notNull()
                table.column("backend", .text).notNull()
                table.column("metric", .text).notNull()
                table.column("direction", .text).notNull()
                table.column("change_run_id", .integer).notNull()
                table.column("alarm_run_id", .integer).notNull()
                table.column("delivered_at", .datetime).notNull()
                table.column("summary", .text).notNull()
            }
            try db.create(index: "drift_alerts_series", on: "drift_alerts", columns: ["evalset", "prompt_id", "backend", "metric"])
        }
        migrator.registerMigration("v14-backend-identity") { db in
            // What each suite's backend was configured as (type, URL, model, params; never secrets) and the eval set's
            // content without its prompts: so a report names a changed server or a prompt edit as the cause of a change.
            try db.alter(table: "suites") { table in
                table.add(column: "backend_identity", .text)
                table.add(column: "evalset_data_hash", .text)
            }
        }
        migrator.registerMigration("v15-review") { db in
            // Why a result went to the review queue (JSON array of the flag rules that fired), and people's labels.
            try db.alter(table: "results") { table in table.add(column: "flags", .text) }
            try db.create(table: "review_labels") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("result_id", .integer).notNull().references("results", onDelete: .cascade)
                table.column("reviewer", .text).notNull()
                table.column("label", .text).notNull()
                table.column("note", .text)
                table.column("labelled_at", .datetime).notNull()
            }
            try db.create(index: "review_labels_result", on: "review_labels", columns: ["result_id", "reviewer"])
        }
        migrator.registerMigration("v16-feedback") { db in
            // Rated answers from production (`evalctl feedback import`), keyed by the producer's id so a re-import is a no-op.
            try db.create(table: "feedback") { table in
                table.primaryKey("id", .text)
                table.column("input", .text).notNull()
                table.column("output", .text).notNull()
                table.column("rating", .text).notNull()
                table.column("rating_min", .double)
                table.column("rating_max", .double)
                table.column("down", .boolean).notNull()
                table.column("user", .text)
                table.column("prompt_version", .text)
                table.column("model", .text)
                table.column("time", .datetime)
                table.column("correction", .text)
                table.column("content_hash", .text).notNull()
                table.column("imported_at", .datetime).notNull()
            }
            try db.create(index: "feedback_time", on: "feedback", columns: ["time"])
        }
        migrator.registerMigration("v17-shards") { db in
            // A sharded run: its key (unique: the first shard creates the run, the others join it), how many shards, and
            // what its matrix is, so a shard of another matrix cannot join.
            try db.alter(table: "runs") { table in
                table.add(column: "run_key", .text)
                table.add(column: "shard_count", .integer)
                table.add(column: "matrix_hash", .text)
            }
            try db.create(index: "runs_run_key", on: "runs", columns: ["run_key"], unique: true)
            // Each shard's latest attempt: who runs it, its heartbeat, how it ended.
            try db.create(table: "run_shards") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("run_id", .integer).notNull().references("runs", onDelete: .cascade)
                table.column("shard_index", .integer).notNull()
                table.column("status", .text).notNull()
                table.column("hostname", .text).notNull()
                table.column("owner_pid", .integer).notNull()
                table.column("owner_start_time", .integer)
                table.column("owner_boot_id", .text)
                table.column("cells", .integer).notNull()
                table.column("attempts", .integer).notNull()
                table.column("started_at", .datetime).notNull()
                table.column("finished_at", .datetime)
                table.column("heartbeat_at", .datetime).notNull()
                table.uniqueKey(["run_id", "shard_index"])
            }
        }
        return migrator
    }
}
