import Foundation
import PostgresNIO

/// A query the PostgreSQL server refused or could not answer, with the server's own message: never the password,
/// which PostgreSQL never repeats and which the driver's errors do not hold.
struct PostgresFailure: Error, DescribedError {
    var location: String
    var reason: String
    /// The SQLSTATE code, e.g. `23505` for a unique violation.
    var sqlState: String?

    init(location: String, error: any Error) {
        self.location = location
        reason = Self.reason(error, address: nil)
        sqlState = (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    var description: String { "PostgreSQL at \(location): \(reason)" }

    /// What went wrong, in words a user can act on: the server's message, or why the server could not be reached.
    static func reason(_ error: any Error, address: PostgresURL?) -> String {
        let text: String
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                text = message + code + hint(for: error.serverInfo?[.sqlState])
            } else {
                switch error.code {
                case .connectionError:
                    let target = address.map { "\($0.host):\($0.port)" } ?? "the server"
                    text = "cannot connect to \(target)" + (error.underlying.map { ": \($0)" } ?? "")
                case .authMechanismRequiresPassword:
                    text = "the server asks for a password: put it in the URL or in PGPASSWORD"
                case .sslUnsupported:
                    text = "the server does not offer TLS, and sslmode=require asks for it"
                default:
                    text = "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
                }
            }
        } else {
            text = "\(error)"
        }
        guard let password = address?.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    private static func hint(for sqlState: String?) -> String {
        switch sqlState {
        case "28P01", "28000": " (check the user and the password in the URL or PGPASSWORD)"
        case "3D000": " (create it first, e.g. `createdb`, or check the database name in --db)"
        default: ""
        }
    }
}
