import GRDB

// The records as GRDB writes them (their columns are their coding keys; the id is SQLite's), and rows read back as
// `Stored` values with their id.

extension RunRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "runs"
}

extension SuiteRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "suites"
}

extension ResultRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "results"
}

extension ScoreRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "scores"
}

extension Stored: FetchableRecord where Fields: FetchableRecord {
    public init(row: Row) throws {
        self.init(id: row["id"], try Fields(row: row))
    }
}
