import Foundation
import Logging
import PostgresNIO

/// The results database on a PostgreSQL server: for teams whose runs, CI jobs and reports share one database that
/// no single machine's file holds. It stores and answers exactly what `SQLiteStore` does, through the same protocol.
///
///     let store = try StoreLocation.open("postgres://evals@db.internal/evals?sslmode=require")
///
/// Opening is synchronous and does not touch the network: the store connects and migrates in the background at once,
/// and every method first awaits that (one connection, its errors as `StoreError.cannotOpen`). Queries then go
/// through a pool the store runs and stops with itself. The password (from the URL or `PGPASSWORD`) is only ever
/// handed to the driver: `location`, errors and everything stored show the URL without it.
public final class PostgresStore: ResultStore {
    public let location: String
    let client: PostgresClient
    private let running: Task<Void, Never>
    private let readiness: Task<Void, any Error>
    static let logger: Logger = {
        var logger = Logger(label: "evalctl.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }()

    /// Parses `url` and starts connecting; with `create` false, a database without evalctl's tables is an error
    /// (`StoreError.noDatabase`) rather than migrated, so a mistyped `--db` on a read-only command is not an empty
    /// answer and a foreign database is never altered by one.
    public init(url: String, create: Bool = true) throws(StoreError) {
        let address = try PostgresURL.parse(url)
        location = address.location
        let tls: PostgresClient.Configuration.TLS
        switch address.sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(Self.tlsConfiguration)
        case .require: tls = .require(Self.tlsConfiguration)
        }
        var configuration = PostgresClient.Configuration(host: address.host, port: address.port, username: address.user,
                                                         password: address.password, database: address.database, tls: tls)
        configuration.options.maximumConnections = 4
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.logger)
        self.client = client
        running = Task { await client.run() }
        readiness = Task { try await Self.prepare(address, create: create) }
    }

    deinit {
        readiness.cancel()
        running.cancel()
    }

    /// As libpq's `prefer` and `require`: encrypted, without checking the server's certificate.
    private static var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }

    /// Connects once and migrates (or, with `create` false, checks the schema is there), then lets the connection go.
    private static func prepare(_ address: PostgresURL, create: Bool) async throws {
        let connection: PostgresConnection
        do {
            let tls: PostgresConnection.Configuration.TLS = switch address.sslMode {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration))
            case .require: .require(try NIOSSLContext(configuration: tlsConfiguration))
            }
            let configuration = PostgresConnection.Configuration(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: tls)
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw StoreError.cannotOpen(path: address.location, reason: PostgresFailure.reason(error, address: address))
        }
        do {
            if !create, try await !PostgresMigrator.hasSchema(connection) { throw StoreError.noDatabase(address.location) }
            try await PostgresMigrator.migrate(connection)
        } catch let error as StoreError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw StoreError.cannotOpen(path: address.location, reason: PostgresFailure.reason(error, address: address))
        }
        try? await connection.close()
    }

    /// Waits for the store to be connected and migrated; throws why it cannot be.
    func ready() async throws {
        try await readiness.value
    }

    /// Runs `query` through the pool and returns its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRecordRow] {
        try await ready()
        do {
            return try await client.query(query, logger: Self.logger).collect().map(PostgresRecordRow.init)
        } catch {
            throw PostgresFailure(location: location, error: error)
        }
    }

    /// Runs `body` in one transaction on one leased connection: committed when it returns, rolled back when it throws.
    func transaction<Value: Sendable>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        try await ready()
        let location = location
        return try await client.withConnection { connection in
            do {
                try await connection.query("BEGIN", logger: Self.logger)
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: Self.logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: Self.logger)
                // The server's and the driver's errors are described without the password; anything else (a refusal
                // decided inside the transaction) is the caller's own, passed on as it is.
                guard error is PSQLError else { throw error }
                throw PostgresFailure(location: location, error: error)
            }
        }
    }

    public func schemaVersion() async throws -> String {
        try await rows("SELECT identifier FROM evalctl_migrations").compactMap { row -> String? in try row["identifier"] }
            .max { (PostgresMigrations.identifiers.firstIndex(of: $0) ?? -1) < (PostgresMigrations.identifiers.firstIndex(of: $1) ?? -1) }
            ?? "empty"
    }

    public func insertRun(_ run: RunRecord) async throws -> Int64 {
        guard let id = try await insertRunRow(run) else {
            throw StoreError.shardMismatch("run key '\(run.runKey ?? "")' is taken by another run")
        }
        return id
    }

    /// Stores a run; nil when its run key is already taken (by a shard that created the run first).
    func insertRunRow(_ run: RunRecord) async throws -> Int64? {
        let owner = run.ownerPID.map(Int64.init)
        return try await rows("""
            INSERT INTO runs (started_at, finished_at, status, git_commit, evalctl_version, config_hash, tag, hostname, command,
              owner_pid, owner_start_time, owner_boot_id, case_selection, plan, max_cost_usd, rescored_from, resumed_count,
              run_key, shard_count, matrix_hash)
            VALUES (\(run.startedAt), \(run.finishedAt), \(run.status.rawValue), \(run.gitCommit), \(run.evalctlVersion),
              \(run.configHash), \(run.tag), \(run.hostname), \(run.command), \(owner), \(run.ownerStartTime), \(run.ownerBootID),
              \(run.caseSelection), \(run.plan), \(run.maxCostUSD), \(run.rescoredFrom), \(run.resumedCount),
              \(run.runKey), \(run.shardCount), \(run.matrixHash))
            ON CONFLICT (run_key) DO NOTHING
            RETURNING id
            """).first?["id"]
    }

    public func insertSuite(_ suite: SuiteRecord, scorers: [(name: String, scale: ScoreScale)]) async throws -> Int64 {
        try await transaction { connection in try await Self.insertSuite(connection, suite, scorers: scorers) }
    }

    /// Inserts a suite and its scorers' scales on the caller's connection (in its transaction); returns the suite's id.
    static func insertSuite(_ connection: PostgresConnection, _ suite: SuiteRecord,
                            scorers: [(name: String, scale: ScoreScale)]) async throws -> Int64 {
        let suiteID: Int64 = try await Self.rows(connection, """
            INSERT INTO suites (run_id, evalset, evalset_version, evalset_hash, prompt_id, prompt_hash, backend, model,
              min_pass_rate, case_count, repeats, input_usd_per_mtok, output_usd_per_mtok, backend_identity, evalset_data_hash)
            VALUES (\(suite.runID), \(suite.evalset), \(suite.evalsetVersion), \(suite.evalsetHash), \(suite.promptID),
              \(suite.promptHash), \(suite.backend), \(suite.model), \(suite.minPassRate), \(suite.caseCount), \(suite.repeats),
              \(suite.inputUSDPerMTok), \(suite.outputUSDPerMTok), \(suite.backendIdentity), \(suite.evalsetDataHash))
            RETURNING id
            """)[0]["id"]
        for (name, scale) in scorers {
            try await connection.query("""
                INSERT INTO suite_scorers (suite_id, scorer, kind, lower, upper)
                VALUES (\(suiteID), \(name), \(scale.kind.rawValue), \(scale.range.lowerBound), \(scale.range.upperBound))
                """, logger: Self.logger)
        }
        return suiteID
    }

    /// Rows of `query` on a connection in a transaction.
    static func rows(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [PostgresRecordRow] {
        try await connection.query(query, logger: logger).collect().map(PostgresRecordRow.init)
    }

    public func insertSuiteMetric(suiteID: Int64, name: String, value: Double) async throws {
        _ = try await rows("""
            INSERT INTO suite_metrics (suite_id, name, value) VALUES (\(suiteID), \(name), \(value))
            ON CONFLICT (suite_id, name) DO UPDATE SET value = EXCLUDED.value
            """)
    }

    public func finishRun(id: Int64, status: RunStatus, at date: Date) async throws {
        _ = try await rows("UPDATE runs SET status = \(status.rawValue), finished_at = \(date) WHERE id = \(id)")
    }

    public func reopenRun(id: Int64, owner: RunOwner, maxCostUSD: Double?) async throws {
        _ = try await rows("""
            UPDATE runs SET status = \(RunStatus.running.rawValue), finished_at = NULL, hostname = \(owner.host),
              owner_pid = \(Int64(owner.pid)), owner_start_time = \(owner.startTime), owner_boot_id = \(owner.bootID),
              max_cost_usd = \(maxCostUSD), resumed_count = resumed_count + 1 WHERE id = \(id)
            """)
    }

    public func storedCells(ofRun id: Int64) async throws -> [CellKey: ResultStatus] {
        var cells: [CellKey: ResultStatus] = [:]
        for row in try await rows("SELECT suite_id, case_id, repeat_index, status FROM results WHERE run_id = \(id)") {
            cells[CellKey(suiteID: try row["suite_id"], caseID: try row["case_id"], repeatIndex: try row["repeat_index"])] =
                ResultStatus(stored: try row["status"])
        }
        return cells
    }

    public func supersededCount(ofRun id: Int64) async throws -> Int {
        try await rows("SELECT COUNT(*) AS n FROM superseded_results WHERE run_id = \(id)")[0]["n"]
    }
}
