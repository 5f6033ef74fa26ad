import GRDB

// The records as GRDB reads and writes them: their columns are their coding keys.

extension RunRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "runs"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SuiteRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "suites"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ResultRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "results"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension ScoreRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "scores"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
