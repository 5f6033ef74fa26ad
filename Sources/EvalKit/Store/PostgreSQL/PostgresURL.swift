import Foundation

/// A `postgres://` or `postgresql://` address taken apart, with the password kept out of everything that is shown:
/// `location` is the URL without it, and the password is never part of a description or an error.
///
///     let url = try PostgresURL.parse("postgres://evals@db.internal/evals?sslmode=require")
///     url.location  // postgres://evals@db.internal:5432/evals
struct PostgresURL: Sendable, Equatable {
    enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
    }

    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String
    var sslMode: SSLMode

    /// The URL as shown in messages and reports: no password, ever.
    var location: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// Whether `text` names a PostgreSQL database rather than an SQLite file.
    static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    static let expectedForm = "postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]"

    /// Parses `text`; the password comes from the URL (percent-decoded) or else `PGPASSWORD`, the user from the URL or
    /// else `PGUSER` or `USER`. Errors name the form expected and never repeat the password.
    static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StoreError) -> PostgresURL {
        guard let scheme = text.range(of: "://"), isPostgres(text) else { throw invalid(text, "it does not start with postgres://") }
        var rest = Substring(text[scheme.upperBound...])
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") { (rest, query) = (rest[..<mark], rest[rest.index(after: mark)...]) }
        guard let slash = rest.firstIndex(of: "/") else { throw invalid(text, "it names no database") }
        let authority = rest[..<slash]
        let database = String(rest[rest.index(after: slash)...]).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else { throw invalid(text, "it names no database") }
        var userInfo: Substring?, hostPort = authority
        if let at = authority.lastIndex(of: "@") { (userInfo, hostPort) = (authority[..<at], authority[authority.index(after: at)...]) }
        var user: String?, password: String?
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = String(parts[0]).removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 }
            if parts.count == 2 { password = String(parts[1]).removingPercentEncoding ?? String(parts[1]) }
        }
        var host = String(hostPort), port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            let portText = hostPort[hostPort.index(after: colon)...]
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw invalid(text, "the port '\(portText)' is not a number from 1 to 65535")
            }
            port = number
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid(text, "it names no host") }
        var sslMode = SSLMode.prefer
        for pair in query.split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard keyValue[0] == "sslmode" else { throw invalid(text, "the only parameter understood is sslmode, not '\(keyValue[0])'") }
            let value = keyValue.count == 2 ? String(keyValue[1]) : ""
            guard let mode = SSLMode(rawValue: value) else {
                throw invalid(text, "sslmode '\(value)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            sslMode = mode
        }
        guard let name = user ?? environment["PGUSER"] ?? environment["USER"] else {
            throw invalid(text, "it names no user (nor is PGUSER or USER set)")
        }
        return PostgresURL(user: name, password: password ?? environment["PGPASSWORD"], host: host, port: port,
                           database: database, sslMode: sslMode)
    }

    /// A bad URL, shown without its password.
    private static func invalid(_ text: String, _ reason: String) -> StoreError {
        .cannotOpen(path: redacted(text), reason: "\(reason); expected \(expectedForm)")
    }

    /// `text` with anything between `://user:` and `@` replaced by `***`: for showing a URL that did not parse.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let afterScheme = text[scheme.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        guard let at = afterScheme[..<authorityEnd].lastIndex(of: "@"),
              let colon = afterScheme[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
