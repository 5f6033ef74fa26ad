import Foundation

/// What one exchange may take: a cap on body bytes, and the first limit it broke (deadline or size), shared by the
/// thread or callback that receives bytes, the deadline timer and the task reading the events.
final class HTTPExchangeLimit: Sendable {
    let maxBytes: Int
    private let state = Mutex<(received: Int, failure: BackendError?)>((0, nil))

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// The limit the exchange broke, if any.
    var failure: BackendError? { state.withLock { $0.failure } }

    /// Records the first failure; later ones do not replace it.
    func fail(_ error: BackendError) {
        state.withLock { state in
            if state.failure == nil { state.failure = error }
        }
    }

    /// Counts an event against the cap; throws `responseTooLarge` (and records it) when the body would pass it.
    /// A `Content-Length` over the cap fails at the head, before any body byte is read.
    func admit(_ event: HTTPEvent) throws(BackendError) {
        let error = state.withLock { state -> BackendError? in
            if let failure = state.failure { return failure }
            switch event {
            case .head(_, let headers, _):
                if let length = headers["content-length"].flatMap(Int.init), length > maxBytes {
                    state.failure = .responseTooLarge(limit: maxBytes)
                }
            case .body(let data, _):
                state.received += data.count
                if state.received > maxBytes { state.failure = .responseTooLarge(limit: maxBytes) }
            }
            return state.failure
        }
        if let error { throw error }
    }
}

/// The events of one exchange. Unlike the `AsyncThrowingStream` under it, it stops at once when the exchange broke
/// a limit or the reading task was cancelled, even with events still buffered: a fast server can buffer far more
/// than the reader handles before its deadline.
struct HTTPEventStream: AsyncSequence, Sendable {
    typealias Element = HTTPEvent

    let base: AsyncThrowingStream<HTTPEvent, any Error>
    let limit: HTTPExchangeLimit
    /// Cancels the exchange. The reader calls it when it stops early: the producer would otherwise go on filling a
    /// buffer nobody reads (the stream's own cancellation hook fires only for a reader waiting in `next`).
    let stop: @Sendable () -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<HTTPEvent, any Error>.AsyncIterator
        let limit: HTTPExchangeLimit
        let stop: @Sendable () -> Void
        var delivered = 0

        mutating func next() async throws -> HTTPEvent? {
            try check()
            // With events buffered, `base.next()` never suspends; yielding now and then lets the other requests, the
            // scorers and the progress line run while one fast server floods its reader. (Every 16th event: an
            // ordinary answer has fewer, and yielding on each cost 3% of a run's wall time in `make bench`.)
            delivered += 1
            if delivered % 16 == 0 { await Task.yield() }
            let event = try await base.next()
            try check()
            return event
        }

        private func check() throws {
            if Task.isCancelled {
                stop()
                throw CancellationError()
            }
            if let failure = limit.failure {
                stop()
                throw failure
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit, stop: stop)
    }
}
