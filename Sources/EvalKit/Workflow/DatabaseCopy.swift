import Foundation

/// `evalctl db copy --from A --to B`: moves a whole history (runs, results, tags, cache, reviews, feedback, shards)
/// into an empty store, ids kept, a page of rows at a time so memory does not grow with the history, and checks that
/// every table ends up with as many rows as it started with.
public struct DatabaseCopy: Sendable {
    public let source: any ResultStore
    public let target: any ResultStore
    public var pageSize = 1_000

    public init(source: any ResultStore, target: any ResultStore) {
        self.source = source
        self.target = target
    }

    /// What was copied: rows per table.
    public struct Outcome: Sendable {
        public let rows: [(table: String, count: Int)]
        public var total: Int { rows.reduce(0) { $0 + $1.count } }
    }

    public enum Failure: Error, Sendable, DescribedError {
        case targetNotEmpty(location: String, rows: [(table: String, count: Int)])
        case sameStore(String)
        case countsDiffer(table: String, source: Int, target: Int)

        public var description: String {
            switch self {
            case .targetNotEmpty(let location, let rows):
                "\(location) already holds data (\(rows.map { "\($0.count.formatted()) \($0.table)" }.joined(separator: ", "))): "
                    + "db copy fills an empty database, so nothing there is overwritten or mixed; copy into a new one"
            case .sameStore(let location): "--from and --to both name \(location)"
            case .countsDiffer(let table, let source, let target):
                "after the copy, \(table) holds \(target.formatted()) rows, not \(source.formatted()) as in the source"
            }
        }
    }

    /// Copies every table; `progress` hears each table as it is done.
    public func run(progress: @Sendable (String, Int) -> Void = { _, _ in }) async throws -> Outcome {
        if source.location == target.location { throw Failure.sameStore(source.location) }
        let sourceVersion = try await source.schemaVersion(), targetVersion = try await target.schemaVersion()
        precondition(sourceVersion == targetVersion, "both stores are migrated on opening: \(sourceVersion) vs \(targetVersion)")
        let existing = try await target.tableRowCounts()
        let filled = StoreTables.copied.compactMap { table in (existing[table] ?? 0) > 0 ? (table, existing[table]!) : nil }
        if !filled.isEmpty { throw Failure.targetNotEmpty(location: target.location, rows: filled) }
        let expected = try await source.tableRowCounts()
        var rows: [(table: String, count: Int)] = []
        for table in StoreTables.copied {
            var after: Int64?
            var copied = 0
            repeat {
                let page = try await source.tableRows(table, after: after, limit: pageSize)
                if !page.rows.isEmpty { try await target.insertTableRows(page, into: table) }
                copied += page.rows.count
                after = page.next
            } while after != nil
            rows.append((table, copied))
            progress(table, copied)
        }
        try await target.finishTableCopy()
        let counts = try await target.tableRowCounts()
        for table in StoreTables.copied where counts[table] != expected[table] {
            throw Failure.countsDiffer(table: table, source: expected[table] ?? 0, target: counts[table] ?? 0)
        }
        return Outcome(rows: rows)
    }
}
