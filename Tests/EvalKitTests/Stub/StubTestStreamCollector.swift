import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A URLSession data delegate that records each piece of a response body as it arrives,
/// the way a streaming client built on URLSession sees it (Linux has no `bytes(for:)`).
final class StubTestStreamCollector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Outcome {
        var response: HTTPURLResponse?
        var pieces: [(data: Data, arrivedAt: ContinuousClock.Instant)]
        var error: (any Error)?
        var body: Data { pieces.reduce(into: Data()) { $0.append($1.data) } }
    }

    private let lock = NSLock()
    private var outcome = Outcome(response: nil, pieces: [], error: nil)
    private var continuation: CheckedContinuation<Outcome, Never>?

    /// Runs `request` on a fresh session and returns everything the delegate saw.
    static func run(_ request: URLRequest) async -> Outcome {
        let collector = StubTestStreamCollector()
        let session = URLSession(configuration: .ephemeral, delegate: collector, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return await withCheckedContinuation { continuation in
            collector.lock.withLock { collector.continuation = continuation }
            session.dataTask(with: request).resume()
        }
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        lock.withLock { outcome.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let now = ContinuousClock.now
        lock.withLock { outcome.pieces.append((data, now)) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (finished, continuation) = lock.withLock { () -> (Outcome, CheckedContinuation<Outcome, Never>?) in
            outcome.error = error
            defer { self.continuation = nil }
            return (outcome, self.continuation)
        }
        continuation?.resume(returning: finished)
    }
}
