import Foundation
import GRDB

extension SQLiteStore {
    public func tableRows(_ table: String, after: Int64?, limit: Int) async throws -> StoreTablePage {
        precondition(StoreTables.copied.contains(table), "not a copied table: \(table)")
        return try await pool.read { db in
            let types = try Self.columnTypes(db, table: table)
            let columns = types.map(\.name)
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            // Keyed on rowid, so each page is found by the index, not by skipping the rows before it.
            let rows = try Row.fetchAll(db, sql: "SELECT rowid AS copy_rowid, \(list) FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                        arguments: [after ?? Int64.min, limit])
            let values = rows.map { row in types.map { Self.value(row, column: $0.name, type: $0.type) } }
            let next: Int64? = rows.count == limit ? rows.last?["copy_rowid"] : nil
            return StoreTablePage(columns: columns, rows: values, next: next)
        }
    }

    public func insertTableRows(_ page: StoreTablePage, into table: String) async throws {
        precondition(StoreTables.copied.contains(table), "not a copied table: \(table)")
        try await pool.write { db in
            let placeholders = Array(repeating: "?", count: page.columns.count).joined(separator: ", ")
            let statement = try db.makeStatement(sql: """
                INSERT INTO \(table) (\(page.columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(placeholders))
                """)
            for row in page.rows {
                try statement.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
            }
        }
    }

    /// SQLite gives the next row the largest rowid plus one: nothing to do.
    public func finishTableCopy() async throws {}

    public func tableRowCounts() async throws -> [String: Int] {
        try await pool.read { db in
            var counts: [String: Int] = [:]
            for table in StoreTables.copied { counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            return counts
        }
    }

    /// Each column's name and declared type, in table order.
    static func columnTypes(_ db: Database, table: String) throws -> [(name: String, type: String)] {
        try db.columns(in: table).map { ($0.name, $0.type.uppercased()) }
    }

    static func value(_ row: Row, column: String, type: String) -> StoreValue {
        let raw: DatabaseValue = row[column]
        if raw.isNull { return .null }
        switch type {
        case "DATETIME": return (row[column] as Date?).map(StoreValue.date) ?? .text(String(describing: raw))
        case "BOOLEAN": return .bool(row[column] as Bool)
        default: break
        }
        switch raw.storage {
        case .null: return .null
        case .int64(let value): return .integer(value)
        case .double(let value): return .real(value)
        case .string(let value): return .text(value)
        case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
        }
    }

    static func databaseValue(_ value: StoreValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .bool(let value): value.databaseValue
        case .date(let value): value.databaseValue
        }
    }
}
