import Foundation

/// One HTTP request as received by `StubHTTPServer`, body fully read.
public struct StubRequest: Sendable {
    /// The request method, e.g. `POST`.
    public let method: String
    /// The request target exactly as sent, including any query string, e.g. `/v1/chat/completions`.
    public let path: String
    /// Header fields keyed by lowercased name; repeated fields are joined with `", "`.
    public let headers: [String: String]
    /// The body, already de-chunked when it was sent with `Transfer-Encoding: chunked`.
    public let body: Data
    /// 0-based position of this request in the server's global order of arrival.
    public let sequenceNumber: Int
    /// 0-based number of the connection the request arrived on, in order of acceptance;
    /// equal numbers mean the client reused a keep-alive connection.
    public let connectionNumber: Int
    /// When the request had been read completely.
    public let receivedAt: ContinuousClock.Instant

    /// A request built in code, e.g. to unit-test a handler without a server.
    public init(
        method: String,
        path: String,
        headers: [String: String] = [:],
        body: Data = Data(),
        sequenceNumber: Int = 0,
        connectionNumber: Int = 0,
        receivedAt: ContinuousClock.Instant = .now
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.sequenceNumber = sequenceNumber
        self.connectionNumber = connectionNumber
        self.receivedAt = receivedAt
    }

    /// The value of a header field, looked up case-insensitively.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The body parsed as a JSON object, or nil when it is not one.
    public var json: [String: Any]? {
        guard !body.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// The body decoded as `type` with a default `JSONDecoder`.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONDecoder().decode(type, from: body)
    }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
