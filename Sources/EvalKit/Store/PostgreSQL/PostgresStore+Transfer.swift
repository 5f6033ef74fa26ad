import Foundation
import PostgresNIO

// `db copy` in PostgreSQL: each column read and written by its type here, so a value from SQLite (a date as text, a
// flag as 0/1) lands as `timestamptz` or `boolean`.
extension PostgresStore {
    public func tableRows(_ table: String, after: Int64?, limit: Int) async throws -> StoreTablePage {
        precondition(StoreTables.copied.contains(table), "not a copied table: \(table)")
        let columns = try await columnTypes(table)
        let list = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let keyed = columns.contains { $0.name == "id" && $0.type == "bigint" }
        // Tables with an id are paged on it; the others (keyed by text) by position in their key order.
        let sql = keyed
            ? "SELECT \(list) FROM \(table) WHERE id > \(after ?? Int64.min) ORDER BY id LIMIT \(limit)"
            : "SELECT \(list) FROM \(table) ORDER BY \(list) LIMIT \(limit) OFFSET \(after ?? 0)"
        let found = try await rows(PostgresQuery(unsafeSQL: sql))
        let values = try found.map { row in try columns.map { try Self.value(row, column: $0.name, type: $0.type) } }
        var next: Int64?
        if found.count == limit {
            next = keyed ? try found.last?["id"] : (after ?? 0) + Int64(found.count)
        }
        return StoreTablePage(columns: columns.map(\.name), rows: values, next: next)
    }

    public func insertTableRows(_ page: StoreTablePage, into table: String) async throws {
        precondition(StoreTables.copied.contains(table), "not a copied table: \(table)")
        let types = Dictionary(try await columnTypes(table).map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        let columnList = page.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        // A statement takes at most 65,535 parameters.
        let rowsPerStatement = max(1, 30_000 / max(page.columns.count, 1))
        try await transaction { connection in
            var start = 0
            while start < page.rows.count {
                let chunk = page.rows[start..<min(start + rowsPerStatement, page.rows.count)]
                var binds = PostgresBindings(capacity: chunk.count * page.columns.count)
                var tuples: [String] = []
                for row in chunk {
                    var placeholders: [String] = []
                    for (column, value) in zip(page.columns, row) {
                        try Self.bind(value, as: types[column] ?? "text", into: &binds, column: column)
                        placeholders.append("$\(binds.count)")
                    }
                    tuples.append("(" + placeholders.joined(separator: ", ") + ")")
                }
                try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(columnList)) VALUES \(tuples.joined(separator: ", "))",
                                                         binds: binds), logger: Self.logger)
                start += chunk.count
            }
        }
    }

    /// Moves each identity column past the largest id copied in, so the next row stored does not collide.
    public func finishTableCopy() async throws {
        for table in StoreTables.copied where try await columnTypes(table).contains(where: { $0.name == "id" && $0.type == "bigint" }) {
            _ = try await rows(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM \(table)
                """))
        }
    }

    public func tableRowCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in StoreTables.copied {
            counts[table] = try await rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*)::bigint AS n FROM \(table)"))[0]["n"]
        }
        return counts
    }

    /// Each column's name and `information_schema` data type, in table order.
    func columnTypes(_ table: String) async throws -> [(name: String, type: String)] {
        try await rows("""
            SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """).map { (try $0["name"], try $0["type"]) }
    }

    static func value(_ row: PostgresRecordRow, column: String, type: String) throws -> StoreValue {
        switch type {
        case "bigint", "integer": return (try row[column] as Int64?).map(StoreValue.integer) ?? .null
        case "double precision": return (try row[column] as Double?).map(StoreValue.real) ?? .null
        case "boolean": return (try row[column] as Bool?).map(StoreValue.bool) ?? .null
        case "timestamp with time zone": return (try row[column] as Date?).map(StoreValue.date) ?? .null
        default: return (try row[column] as String?).map(StoreValue.text) ?? .null
        }
    }

    /// Binds `value` as the column's type, converting what SQLite keeps otherwise.
    static func bind(_ value: StoreValue, as type: String, into binds: inout PostgresBindings, column: String) throws {
        struct Unconvertible: Error, DescribedError {
            let column: String, type: String, value: StoreValue
            var description: String { "cannot store \(value) in column \(column) (\(type))" }
        }
        switch (value, type) {
        case (.null, _): binds.appendNull()
        case (.integer(let number), "bigint"), (.integer(let number), "integer"): binds.append(number)
        case (.real(let number), "bigint") where number.rounded() == number: binds.append(Int64(number))
        case (.integer(let number), "double precision"): binds.append(Double(number))
        case (.real(let number), "double precision"): binds.append(number)
        case (.bool(let flag), "boolean"): binds.append(flag)
        case (.integer(let number), "boolean"): binds.append(number != 0)
        case (.date(let date), "timestamp with time zone"): binds.append(date)
        case (.text(let text), "text"): binds.append(StoredText.storable(text))
        case (.integer(let number), "text"): binds.append(String(number))
        case (.real(let number), "text"): binds.append(String(number))
        default: throw Unconvertible(column: column, type: type, value: value)
        }
    }
}
