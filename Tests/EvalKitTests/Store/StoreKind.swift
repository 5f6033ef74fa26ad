import Foundation
import Testing
@testable import EvalKit

/// The stores the store tests run against: SQLite always, PostgreSQL too when `EVALCTL_TEST_POSTGRES_URL` names a
/// server (an administrator's URL; `scripts/with-postgres.sh` starts a throwaway one). Each test gets a fresh,
/// empty database: a file in a temporary directory, or a database of its own on the server, dropped after.
///
///     @Test(arguments: StoreKind.all)
///     func tags(kind: StoreKind) async throws {
///         try await kind.withStore { store in … }
///     }
enum StoreKind: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var adminURL: String? {
        ProcessInfo.processInfo.environment["EVALCTL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var all: [StoreKind] { adminURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// PostgreSQL only: for tests of what only a server has (concurrent migration, passwords).
    static var postgresOnly: [StoreKind] { adminURL == nil ? [] : [.postgres] }

    var testDescription: String { rawValue }

    /// Calls `body` with where a fresh database is (a path, or a URL with the password), then deletes it.
    func withLocation<Value>(_ body: (String) async throws -> Value) async throws -> Value {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            return try await body(directory.path("evals.sqlite"))
        case .postgres:
            let admin = try #require(Self.adminURL, "EVALCTL_TEST_POSTGRES_URL is not set")
            let name = "evalctl_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await PostgresServer.createDatabase(name, adminURL: admin)
            do {
                let value = try await body(try PostgresServer.url(ofDatabase: name, adminURL: admin))
                try await PostgresServer.dropDatabase(name, adminURL: admin)
                return value
            } catch {
                try? await PostgresServer.dropDatabase(name, adminURL: admin)
                throw error
            }
        }
    }

    /// Calls `body` with a fresh, migrated store of this kind, then deletes its database.
    func withStore<Value>(_ body: (any ResultStore) async throws -> Value) async throws -> Value {
        try await withLocation { location in try await body(try StoreLocation.open(location)) }
    }
}

@Suite("Store kinds")
struct StoreKindTests {
    /// CI sets EVALCTL_REQUIRE_POSTGRES=1 and runs the tests through scripts/with-postgres.sh: without a server the
    /// PostgreSQL half of every store test would be skipped in silence.
    @Test("PostgreSQL is tested whenever EVALCTL_REQUIRE_POSTGRES=1")
    func postgresIsRequired() {
        if ProcessInfo.processInfo.environment["EVALCTL_REQUIRE_POSTGRES"] == "1" {
            #expect(StoreKind.adminURL != nil, "EVALCTL_REQUIRE_POSTGRES=1 but EVALCTL_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh")
        }
    }
}
