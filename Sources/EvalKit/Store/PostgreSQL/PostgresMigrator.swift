import PostgresNIO

/// Applies `PostgresMigrations` on one connection.
enum PostgresMigrator {
    /// Whether the database holds evalctl's schema (its ledger of applied migrations).
    static func hasSchema(_ connection: PostgresConnection) async throws -> Bool {
        let rows = try await PostgresStore.rows(connection, "SELECT to_regclass('evalctl_migrations') IS NOT NULL AS present")
        return try rows[0]["present"]
    }

    /// Applies every migration not yet applied, all in one transaction under an advisory lock, re-reading what is
    /// applied once it holds the lock: of several processes opening a fresh database at once, one migrates and the
    /// others wait on the lock, then find nothing left to do. Up to date, it takes no lock at all.
    static func migrate(_ connection: PostgresConnection) async throws {
        let all = PostgresMigrations.list
        if try await hasSchema(connection), Set(try await applied(connection)).isSuperset(of: all.map(\.identifier)) { return }
        let logger = PostgresStore.logger
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresMigrations.advisoryLock))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS evalctl_migrations (identifier TEXT NOT NULL PRIMARY KEY)
                """, logger: logger)
            let done = Set(try await applied(connection))
            for migration in all where !done.contains(migration.identifier) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO evalctl_migrations (identifier) VALUES (\(migration.identifier))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    private static func applied(_ connection: PostgresConnection) async throws -> [String] {
        try await PostgresStore.rows(connection, "SELECT identifier FROM evalctl_migrations").map { try $0["identifier"] }
    }
}

extension PostgresStore {
    /// Each evalctl table's columns in order, by table name: to check the schema against SQLite's.
    func tableColumns() async throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for row in try await rows("""
            SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name::text <> 'evalctl_migrations' ORDER BY table_name, ordinal_position
            """) {
            tables[try row["table_name"], default: []].append(try row["column_name"])
        }
        return tables
    }
}
