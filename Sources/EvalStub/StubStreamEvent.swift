import Foundation

/// One timed piece of a streamed response: after waiting `delay`, the server writes `data`
/// as a single HTTP chunk.
public struct StubStreamEvent: Sendable {
    /// How long to wait, after the previous event (or the response head), before writing.
    public var delay: Duration
    /// The bytes of the chunk. Empty data is skipped, since an empty chunk would end the stream.
    public var data: Data

    /// An event carrying raw bytes.
    public init(after delay: Duration = .zero, data: Data) {
        self.delay = delay
        self.data = data
    }

    /// An event carrying UTF-8 text, e.g. one Server-Sent Events record.
    public init(after delay: Duration = .zero, text: String) {
        self.init(after: delay, data: Data(text.utf8))
    }
}
