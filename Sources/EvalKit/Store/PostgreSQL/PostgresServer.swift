import Foundation
import PostgresNIO

/// Databases on a PostgreSQL server, through an administrator's URL: what the tests use to give each test a fresh
/// database of its own and drop it after.
enum PostgresServer {
    /// The URL of database `name` on the server `adminURL` names, with the same user, password and sslmode.
    static func url(ofDatabase name: String, adminURL: String) throws -> String {
        let admin = try PostgresURL.parse(adminURL)
        let password = admin.password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""
        return "postgres://\(admin.user)\(password)@\(admin.host):\(admin.port)/\(name)?sslmode=\(admin.sslMode.rawValue)"
    }

    static func createDatabase(_ name: String, adminURL: String) async throws {
        try await execute("CREATE DATABASE \(quoted(name))", adminURL: adminURL)
    }

    /// Drops the database even while connections to it are still closing.
    static func dropDatabase(_ name: String, adminURL: String) async throws {
        try await execute("DROP DATABASE IF EXISTS \(quoted(name)) WITH (FORCE)", adminURL: adminURL)
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func execute(_ sql: String, adminURL: String) async throws {
        let admin = try PostgresURL.parse(adminURL)
        let tls: PostgresConnection.Configuration.TLS = admin.sslMode == .disable
            ? .disable : .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(host: admin.host, port: admin.port, username: admin.user,
                                                            password: admin.password, database: admin.database, tls: tls),
            id: 0, logger: PostgresStore.logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresStore.logger)
        } catch {
            try? await connection.close()
            throw PostgresFailure(location: admin.location, error: error)
        }
        try await connection.close()
    }
}
