import Foundation

/// What `StubHTTPServer` does with one request.
///
/// The server writes the framing headers itself (`Content-Length`, `Transfer-Encoding`,
/// `Connection`); fields of those names given in `headers` are ignored.
public enum StubResponse: Sendable {
    /// Waits `delay`, then sends a complete response with `Content-Length`.
    /// `Content-Type` defaults to `application/json` when the body is not empty.
    case full(status: Int = 200, headers: [String: String] = [:], body: Data = Data(), delay: Duration = .zero)

    /// Sends the head at once with `Transfer-Encoding: chunked`, then each event as one chunk
    /// after its delay, then the terminating zero-length chunk. With `cutShort`, the connection
    /// is closed after the last event instead, without the terminating chunk, as when an upstream
    /// dies mid-stream. `Content-Type` defaults to `text/event-stream; charset=utf-8`.
    case stream(status: Int = 200, headers: [String: String] = [:], events: [StubStreamEvent], cutShort: Bool = false)

    /// Sends `prefix`, then `filler` over and over until `totalBytes` body bytes are out (with `Content-Length`), or
    /// without end when `totalBytes` is nil (chunked), until the client closes the connection or the server stops:
    /// a hostile or broken server's huge or endless answer, generated as it is sent.
    case flood(status: Int = 200, headers: [String: String] = [:], prefix: Data, filler: Data, totalBytes: Int?)

    /// Waits `afterDelay`, then closes the connection without sending a single byte.
    case drop(afterDelay: Duration = .zero)

    /// Never answers: holds the connection open until the client closes it or the server stops.
    case hang

    /// A complete response whose body is `text` encoded as UTF-8.
    public static func text(
        _ text: String,
        status: Int = 200,
        contentType: String = "text/plain; charset=utf-8",
        delay: Duration = .zero
    ) -> StubResponse {
        .full(status: status, headers: ["Content-Type": contentType], body: Data(text.utf8), delay: delay)
    }
}
