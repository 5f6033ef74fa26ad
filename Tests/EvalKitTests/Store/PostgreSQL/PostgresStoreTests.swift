import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test("both dialects list the same migrations in the same order")
    func sameMigrations() {
        #expect(StoreMigrations.identifiers == PostgresMigrations.identifiers)
        #expect(StoreMigrations.identifiers.count == 17)
    }

    @Test("after migrating, every table has the same columns in both dialects", arguments: StoreKind.postgresOnly)
    func sameColumns(kind: StoreKind) async throws {
        let sqlite = try SQLiteStore.inMemory()
        let sqliteColumns = try await sqlite.pool.read { db in
            var tables: [String: [String]] = [:]
            for table in try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                """) {
                tables[table] = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
            }
            return tables
        }
        try await kind.withStore { store in
            let postgres = try #require(store as? PostgresStore)
            #expect(try await postgres.tableColumns() == sqliteColumns)
            #expect(try await store.schemaVersion() == "v17-shards")
        }
    }

    @Test("stores opening a fresh database at once migrate it once, without a race", arguments: StoreKind.postgresOnly)
    func concurrentMigration(kind: StoreKind) async throws {
        try await kind.withLocation { url in
            let versions = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await StoreLocation.open(url).schemaVersion() }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(versions == Array(repeating: "v17-shards", count: 6))
            let store = try StoreLocation.open(url, create: false)
            _ = try await store.insertRun(EvalStoreTests.run())
            #expect(try await store.recentRuns().count == 1)
        }
    }

    @Test("a batch of 2,000 results is stored in one call, with scores, cache keys and ids in order", arguments: StoreKind.all)
    func largeBatch(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = try await store.insertRun(EvalStoreTests.run())
            var suite = EvalStoreTests.suite(runID: runID)
            suite.caseCount = 2_000
            let suiteID = try await store.insertSuite(suite)
            let entries = (0..<2_000).map { index in
                ResultEntry(result: EvalStoreTests.result(runID: runID, suiteID: suiteID, caseID: "c\(index)", status: index % 3 == 0 ? .failed : .passed),
                            scores: [Score(scorer: "exact", value: index % 3 == 0 ? 0 : 1, threshold: 1, reason: "r\(index)")],
                            cacheKeysUsed: ["k\(index % 10)"])
            }
            try await store.insertResults(entries)
            let results = try await store.results(ofRun: runID)
            #expect(results.map(\.result.caseID) == entries.map(\.result.caseID))
            #expect(results.map { $0.scores.map(\.reason) } == entries.map { $0.scores.map(\.reason) })
            let summary = try await store.summary(ofRun: runID)
            #expect((summary.total, summary.failed) == (2_000, 667))
        }
    }

    @Test("a second result for a cell is refused, in a later batch or the same one, and the batch stores nothing",
          arguments: StoreKind.all)
    func duplicateCell(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = try await store.insertRun(EvalStoreTests.run())
            let suiteID = try await store.insertSuite(EvalStoreTests.suite(runID: runID))
            let a = EvalStoreTests.result(runID: runID, suiteID: suiteID, caseID: "a", status: .passed)
            let b = EvalStoreTests.result(runID: runID, suiteID: suiteID, caseID: "b", status: .passed)
            try await store.insertResult(a, scores: [])
            var refused = await #expect(throws: StoreError.self) {
                try await store.insertResults([ResultEntry(result: b, scores: []), ResultEntry(result: a, scores: [])])
            }
            #expect(refused?.description == StoreError.duplicateCell(runID: runID, caseID: "a", repeatIndex: 0).description)
            refused = await #expect(throws: StoreError.self) {
                try await store.insertResults([ResultEntry(result: b, scores: []), ResultEntry(result: b, scores: [])])
            }
            #expect(refused?.description == StoreError.duplicateCell(runID: runID, caseID: "b", repeatIndex: 0).description)
            #expect(try await store.results(ofRun: runID).map(\.result.caseID) == ["a"])
        }
    }

    @Test("a NUL in output, reasons, cache and feedback is stored as ␀ in every store", arguments: StoreKind.all)
    func nulCharacters(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let runID = try await store.insertRun(EvalStoreTests.run())
            let suiteID = try await store.insertSuite(EvalStoreTests.suite(runID: runID))
            var result = EvalStoreTests.result(runID: runID, suiteID: suiteID, caseID: "a", status: .failed)
            result.output = "before\u{0}after"
            try await store.insertResult(result, scores: [Score(scorer: "exact", value: 0, threshold: 1, reason: "got before\u{0}after")])
            let stored = try await store.results(ofRun: runID)
            #expect(stored[0].result.output == "before\u{2400}after")
            #expect(stored[0].scores[0].reason == "got before\u{2400}after")
            try await store.storeCachedAnswers([CachedAnswer(key: "k", wireType: "openai", endpoint: "e", model: "m", sample: 0,
                                                             request: "{}", output: "x\u{0}y", recordedAt: Date())])
            #expect(try await store.cachedAnswer(key: "k")?.output == "x\u{2400}y")
        }
    }

    @Test("a read-only open of a database without evalctl's tables is refused and leaves it alone", arguments: StoreKind.postgresOnly)
    func readOnlyForeignDatabase(kind: StoreKind) async throws {
        try await kind.withLocation { url in
            let store = try StoreLocation.open(url, create: false)
            let refused = await #expect(throws: StoreError.self) { try await store.recentRuns() }
            #expect(refused?.description == StoreError.noDatabase(try PostgresURL.parse(url).location).description)
            let created = try StoreLocation.open(url)
            #expect(try await created.recentRuns().isEmpty)
            #expect(try await StoreLocation.open(url, create: false).recentRuns().isEmpty)
        }
    }

    @Test("a wrong password, a refused connection and a missing database are clear errors that never show the password",
          arguments: StoreKind.postgresOnly)
    func connectionErrors(kind: StoreKind) async throws {
        let admin = try #require(StoreKind.adminURL)
        let address = try PostgresURL.parse(admin)
        let secret = try #require(address.password)
        let cases: [(url: String, expected: String)] = [
            ("postgres://\(address.user):not-\(secret)-either@\(address.host):\(address.port)/postgres?sslmode=disable", "password authentication failed"),
            ("postgres://\(address.user):\(secret)@127.0.0.1:1/postgres?sslmode=disable", "cannot connect to 127.0.0.1:1"),
            ("postgres://\(address.user):\(secret)@\(address.host):\(address.port)/no_such_db?sslmode=disable", "does not exist"),
        ]
        for (url, expected) in cases {
            let store = try StoreLocation.open(url)
            #expect(!store.location.contains(secret))
            do {
                _ = try await store.recentRuns()
                Issue.record("\(expected): opened")
            } catch let error as StoreError {
                guard case .cannotOpen = error else { Issue.record("\(error)"); continue }
                #expect(error.description.contains(expected), "\(error)")
                #expect(!error.description.contains(secret))
                #expect(!String(reflecting: error).contains(secret))
            }
        }
    }

    @Test("URLs: defaults, PGPASSWORD, percent-decoding, and the location without the password")
    func urls() throws {
        let environment = ["PGPASSWORD": "from-env", "USER": "me"]
        let plain = try PostgresURL.parse("postgresql://db.internal/evals", environment: environment)
        #expect(plain == PostgresURL(user: "me", password: "from-env", host: "db.internal", port: 5432, database: "evals", sslMode: .prefer))
        let full = try PostgresURL.parse("postgres://ci:p%40ss%3Aw@127.0.0.1:6543/e?sslmode=require", environment: environment)
        #expect(full.password == "p@ss:w")
        #expect((full.user, full.port, full.sslMode) == ("ci", 6543, .require))
        #expect(full.location == "postgres://ci@127.0.0.1:6543/e")
        #expect(try PostgresURL.parse("postgres://u@h/d", environment: ["PGUSER": "x"]).password == nil)
        #expect(StoreLocation.resolve(nil, environment: ["EVALCTL_DB": "postgres://u@h/d"]) == "postgres://u@h/d")
    }

    @Test("bad URLs name what is expected and never repeat the password")
    func badURLs() {
        let cases = [
            ("postgres://u:hunter2@host", "names no database"),
            ("postgres://u:hunter2@host:port/db", "the port 'port' is not a number"),
            ("postgres://u:hunter2@host:99999/db", "not a number from 1 to 65535"),
            ("postgres://u:hunter2@host/db?sslmode=verify-full", "sslmode 'verify-full' is not one of disable, prefer, require"),
            ("postgres://u:hunter2@host/db?timeout=3", "the only parameter understood is sslmode"),
            ("postgres://u:hunter2@/db", "names no host"),
        ]
        for (url, expected) in cases {
            do {
                _ = try StoreLocation.open(url)
                Issue.record("\(url) opened")
            } catch {
                #expect(error.description.contains(expected), "\(error)")
                #expect(error.description.contains("expected postgres://user[:password]@host[:port]/database"))
                #expect(!error.description.contains("hunter2"))
            }
        }
    }
}
