import Foundation
import GRDB

extension SQLiteStore {
    /// Points `name` at run `id`. The tag moves: it resolves to the run it was given to most recently.
    public func tag(run id: Int64, as name: String, at date: Date) async throws {
        try RunTag.checkName(name)
        try await pool.write { db in
            guard try RunRecord.exists(db, key: id) else { throw StoreError.noSuchRun(String(id)) }
            try db.execute(sql: "INSERT INTO run_tags (run_id, name, tagged_at) VALUES (?, ?, ?)", arguments: [id, name, date])
        }
    }

    /// Every tag and the run it points at now, by name.
    public func currentTags() async throws -> [RunTag] {
        try await pool.read { db in try Self.currentTags(db) }
    }

    static func currentTags(_ db: Database) throws -> [RunTag] {
        try Row.fetchAll(db, sql: """
            SELECT name, run_id, tagged_at FROM run_tags
            WHERE id IN (SELECT MAX(id) FROM run_tags GROUP BY name) ORDER BY name
            """).map { RunTag(name: $0["name"], runID: $0["run_id"], taggedAt: $0["tagged_at"]) }
    }

    static func resolveTag(_ db: Database, name: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT run_id FROM run_tags WHERE name = ? ORDER BY id DESC LIMIT 1", arguments: [name])
    }
}
