import Foundation

/// A response as read off the wire by `StubTestSocketClient`.
struct StubTestHTTPResponse {
    /// One HTTP chunk of a chunked body and when it had fully arrived.
    struct Chunk {
        var data: Data
        var arrivedAt: ContinuousClock.Instant
    }

    var status: Int
    /// Lowercased names.
    var headers: [String: String]
    var body: Data
    /// The chunks of a chunked body, in order (empty for `Content-Length` bodies).
    var chunks: [Chunk]
    /// For chunked bodies: whether the terminating zero-length chunk arrived.
    var receivedTerminatingChunk: Bool
    /// Whether the connection closed before the body was complete.
    var closedBeforeEnd: Bool

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// The payloads of the Server-Sent Events in the body (`data: X` records).
    var ssePayloads: [String] {
        bodyText.components(separatedBy: "\n\n").compactMap { record in
            record.hasPrefix("data: ") ? String(record.dropFirst("data: ".count)) : nil
        }
    }
}
