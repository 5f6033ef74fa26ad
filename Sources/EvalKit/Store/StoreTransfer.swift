import Foundation

/// A value in a stored row as `db copy` moves it between stores: typed by what the column means, so each store can
/// write it in its own dialect (a date is text in SQLite and `timestamptz` in PostgreSQL; a flag is 0/1 or `boolean`).
public enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bool(Bool)
    case date(Date)
}

/// Some rows of one table, with their column names, in the table's key order.
public struct StoreTablePage: Sendable {
    public var columns: [String]
    public var rows: [[StoreValue]]
    /// Where the next page starts (pass it back as `after`); nil after the last page.
    public var next: Int64?

    public init(columns: [String], rows: [[StoreValue]], next: Int64?) {
        self.columns = columns
        self.rows = rows
        self.next = next
    }
}

/// The tables `db copy` moves, parents before the tables that refer to them (every migration's tables but the
/// stores' own migration bookkeeping).
public enum StoreTables {
    public static let copied = [
        "runs", "suites", "suite_scorers", "suite_metrics", "results", "scores", "superseded_results", "run_tags",
        "response_cache", "run_cache_keys", "drift_alerts", "review_labels", "feedback", "run_shards",
    ]
}
