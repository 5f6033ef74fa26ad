import Foundation
import GRDB

/// A name that points at a run, such as `main` or `release-42`: the baseline a gate compares against.
public struct RunTag: Sendable, Hashable {
    public var name: String
    public var runID: Int64
    public var taggedAt: Date
}

extension EvalStore {
    /// Checks a tag name: letters, digits, `.`, `_`, `/`, `-`; not a number (that is a run id) and not `latest`.
    public static func checkTagName(_ name: String) throws(StoreError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._/-".unicodeScalars.contains(scalar))
        }
        guard !name.isEmpty, allowed, name.first.map({ $0.isLetter || $0.isNumber }) == true else {
            throw StoreError.invalidTagName(name, reason: "use letters, digits, '.', '_', '/' and '-', starting with a letter or digit")
        }
        if Int64(name) != nil { throw StoreError.invalidTagName(name, reason: "a number would read as a run id") }
        if name == "latest" { throw StoreError.invalidTagName(name, reason: "'latest' always means the newest run") }
    }

    /// Points `name` at run `id`. The tag moves: it resolves to the run it was given to most recently.
    public func tag(run id: Int64, as name: String, at date: Date = Date()) async throws {
        try Self.checkTagName(name)
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
