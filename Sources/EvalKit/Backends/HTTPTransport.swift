import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One step of an HTTP exchange: the status and headers, then body bytes as they arrive.
enum HTTPEvent: Sendable {
    case head(status: Int, headers: [String: String])
    case body(Data)
}

/// HTTP over `URLSession` (libcurl on Linux) with the body delivered as it arrives, which streaming needs.
///
/// `URLSession.bytes(for:)` does not exist on Linux, so the delegate callbacks are forwarded into one
/// `AsyncThrowingStream` per request. Ending the stream early (cancellation, a deadline) cancels the request.
final class HTTPTransport: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // Guards `streams`; the delegate queue and callers touch it from different threads.
    private let lock = NSLock()
    private var streams: [Int: AsyncThrowingStream<HTTPEvent, any Error>.Continuation] = [:]
    private var session: URLSession?

    /// `maxConnections` should be at least the backend's concurrency, or requests queue inside libcurl.
    init(maxConnections: Int) {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maxConnections)
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        // An idle timeout only; the total deadline is enforced by the caller (see `withDeadline`).
        configuration.timeoutIntervalForRequest = 600
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
    }

    /// Starts `request` and returns its events.
    func events(for request: URLRequest) -> AsyncThrowingStream<HTTPEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPEvent, any Error>.makeStream()
        guard let session else {
            continuation.finish(throwing: BackendError.connection("the HTTP session was already closed"))
            return stream
        }
        let task = session.dataTask(with: request)
        let identifier = task.taskIdentifier
        lock.withLock { streams[identifier] = continuation }
        continuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { task.cancel() }
            self?.removeStream(identifier)
        }
        task.resume()
        return stream
    }

    /// Cancels every request and releases the session (which otherwise keeps its delegate alive).
    func close() {
        let session = lock.withLock { () -> URLSession? in
            defer { self.session = nil }
            return self.session
        }
        session?.invalidateAndCancel()
    }

    @discardableResult
    private func removeStream(_ identifier: Int) -> AsyncThrowingStream<HTTPEvent, any Error>.Continuation? {
        lock.withLock { streams.removeValue(forKey: identifier) }
    }

    private func stream(_ identifier: Int) -> AsyncThrowingStream<HTTPEvent, any Error>.Continuation? {
        lock.withLock { streams[identifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        if let response = response as? HTTPURLResponse {
            var headers: [String: String] = [:]
            for (name, value) in response.allHeaderFields {
                headers[String(describing: name).lowercased()] = String(describing: value)
            }
            stream(dataTask.taskIdentifier)?.yield(.head(status: response.statusCode, headers: headers))
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        stream(dataTask.taskIdentifier)?.yield(.body(data))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let continuation = removeStream(task.taskIdentifier) else { return }
        if let error {
            continuation.finish(throwing: HTTPTransport.backendError(for: error))
        } else {
            continuation.finish()
        }
    }

    static func backendError(for error: any Error) -> any Error {
        guard let urlError = error as? URLError else { return error }
        switch urlError.code {
        case .cancelled: return CancellationError()
        case .timedOut: return BackendError.connection("the server stopped sending data (idle timeout)")
        default: return BackendError.connection("\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))")
        }
    }
}

/// Runs `body`, throwing `BackendError.timeout` if it has not finished within `seconds` (and cancelling it).
func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw BackendError.timeout(seconds: seconds)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
