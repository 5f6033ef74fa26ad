import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One step of an HTTP exchange: the status and headers, then body bytes, each stamped when it arrived (in the
/// delegate callback), so timings stay true even when the task reading the events is scheduled late.
enum HTTPEvent: Sendable {
    case head(status: Int, headers: [String: String], at: ContinuousClock.Instant)
    case body(Data, at: ContinuousClock.Instant)
}

/// HTTP over `URLSession` (libcurl on Linux) with the body delivered as it arrives, which streaming needs.
///
/// `URLSession.bytes(for:)` does not exist on Linux, so the delegate callbacks are forwarded into one
/// `AsyncThrowingStream` per request. Ending the stream early (cancellation, a deadline) cancels the request.
final class HTTPTransport: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// A request in flight: where its events go, and when it must be given up.
    private struct InFlight {
        let continuation: AsyncThrowingStream<HTTPEvent, any Error>.Continuation
        let task: URLSessionDataTask
        let deadline: DispatchTime
        let timeout: Double
        var timedOut = false
    }

    // Guards `inFlight`; the delegate queue, the deadline timer and callers touch it from different threads.
    private let lock = NSLock()
    private var inFlight: [Int: InFlight] = [:]
    private var session: URLSession?
    private var deadlineTimer: (any DispatchSourceTimer)?

    /// `maxConnections` should be at least the backend's concurrency, or requests queue inside libcurl.
    init(maxConnections: Int) {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maxConnections)
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        // Model APIs need no cookies, and parsing them costs measurable CPU on every response.
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        // An idle timeout only; the total deadline is enforced by the caller (see `withDeadline`).
        configuration.timeoutIntervalForRequest = 600
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
        // One timer sweeps all requests for expired deadlines, instead of a racing sleep task per request.
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now() + .milliseconds(50), repeating: .milliseconds(50), leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in self?.expireOverdueRequests() }
        timer.resume()
        deadlineTimer = timer
    }

    /// Cancels requests past their deadline; their streams end with `BackendError.timeout`.
    private func expireOverdueRequests() {
        let now = DispatchTime.now()
        let expired = lock.withLock { () -> [URLSessionDataTask] in
            var tasks: [URLSessionDataTask] = []
            for (identifier, request) in inFlight where !request.timedOut && request.deadline < now {
                inFlight[identifier]?.timedOut = true
                tasks.append(request.task)
            }
            return tasks
        }
        for task in expired { task.cancel() }
    }

    /// Starts `request` and returns its events; after `timeout` seconds the stream fails with `BackendError.timeout`.
    func events(for request: URLRequest, timeout: Double) -> AsyncThrowingStream<HTTPEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPEvent, any Error>.makeStream()
        guard let session else {
            continuation.finish(throwing: BackendError.connection("the HTTP session was already closed"))
            return stream
        }
        let task = session.dataTask(with: request)
        let identifier = task.taskIdentifier
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout * 1e9))
        lock.withLock { inFlight[identifier] = InFlight(continuation: continuation, task: task, deadline: deadline, timeout: timeout) }
        continuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { task.cancel() }
            self?.removeStream(identifier)
        }
        task.resume()
        return stream
    }

    /// Cancels every request and releases the session (which otherwise keeps its delegate alive).
    func close() {
        let (session, timer) = lock.withLock { () -> (URLSession?, (any DispatchSourceTimer)?) in
            defer {
                self.session = nil
                deadlineTimer = nil
            }
            return (self.session, deadlineTimer)
        }
        timer?.cancel()
        session?.invalidateAndCancel()
    }

    @discardableResult
    private func removeStream(_ identifier: Int) -> InFlight? {
        lock.withLock { inFlight.removeValue(forKey: identifier) }
    }

    private func stream(_ identifier: Int) -> AsyncThrowingStream<HTTPEvent, any Error>.Continuation? {
        lock.withLock { inFlight[identifier]?.continuation }
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
            stream(dataTask.taskIdentifier)?.yield(.head(status: response.statusCode, headers: headers, at: .now))
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        stream(dataTask.taskIdentifier)?.yield(.body(data, at: .now))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let request = removeStream(task.taskIdentifier) else { return }
        if request.timedOut {
            request.continuation.finish(throwing: BackendError.timeout(seconds: request.timeout))
        } else if let error {
            request.continuation.finish(throwing: HTTPTransport.backendError(for: error))
        } else {
            request.continuation.finish()
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
