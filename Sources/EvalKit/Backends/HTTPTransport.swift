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

/// HTTP with the body delivered as it arrives, which streaming needs: `https://` through `URLSession` (libcurl),
/// `http://` through `PlainHTTPExchange` (a blocking socket per request; see there why).
///
/// `URLSession.bytes(for:)` does not exist on Linux, so the delegate callbacks are forwarded into one
/// `AsyncThrowingStream` per request. Ending the stream early (cancellation, a deadline) cancels the request.
final class HTTPTransport: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// A request in flight: where its events go, and when it must be given up.
    private struct InFlight {
        let continuation: AsyncThrowingStream<HTTPEvent, any Error>.Continuation
        let cancel: @Sendable () -> Void
        let deadline: DispatchTime
        let timeout: Double
        var timedOut = false
    }

    // Guards `inFlight`; the delegate queue, the deadline timer and callers touch it from different threads.
    private let lock = NSLock()
    private var inFlight: [ObjectIdentifier: InFlight] = [:]
    private var session: URLSession?
    private var deadlineTimer: (any DispatchSourceTimer)?

    /// Whether `http://` requests go through `PlainHTTPExchange` (always, except in tests of the URLSession path).
    private let plainHTTP: Bool

    /// `maxConnections` should be at least the backend's concurrency, or requests queue inside libcurl.
    init(maxConnections: Int, plainHTTP: Bool = true) {
        self.plainHTTP = plainHTTP
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maxConnections)
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        // Model APIs need no cookies, and parsing them costs measurable CPU on every response.
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        // An idle timeout only; the total deadline is enforced by `expireOverdueRequests`.
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
        let expired = lock.withLock { () -> [@Sendable () -> Void] in
            var cancels: [@Sendable () -> Void] = []
            for (identifier, request) in inFlight where !request.timedOut && request.deadline < now {
                inFlight[identifier]?.timedOut = true
                cancels.append(request.cancel)
            }
            return cancels
        }
        for cancel in expired { cancel() }
    }

    /// Starts `request` and returns its events; after `timeout` seconds the stream fails with `BackendError.timeout`.
    func events(for request: URLRequest, timeout: Double) -> AsyncThrowingStream<HTTPEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPEvent, any Error>.makeStream()
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout * 1e9))
        if plainHTTP, request.url?.scheme == "http" {
            let exchange = PlainHTTPExchange(
                request: request, deliver: { continuation.yield($0) },
                complete: { [weak self] identifier, error in self?.finish(identifier: identifier, error: error) })
            register(ObjectIdentifier(exchange), continuation, deadline: deadline, timeout: timeout, cancel: { exchange.cancel() })
            exchange.start()
            return stream
        }
        guard let session else {
            continuation.finish(throwing: BackendError.connection("the HTTP session was already closed"))
            return stream
        }
        let task = session.dataTask(with: request)
        register(ObjectIdentifier(task), continuation, deadline: deadline, timeout: timeout, cancel: { task.cancel() })
        task.resume()
        return stream
    }

    private func register(
        _ identifier: ObjectIdentifier, _ continuation: AsyncThrowingStream<HTTPEvent, any Error>.Continuation,
        deadline: DispatchTime, timeout: Double, cancel: @escaping @Sendable () -> Void
    ) {
        lock.withLock {
            inFlight[identifier] = InFlight(continuation: continuation, cancel: cancel, deadline: deadline, timeout: timeout)
        }
        continuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { cancel() }
            self?.removeStream(identifier)
        }
    }

    /// Ends a request's stream: a timeout if the deadline timer cancelled it, else the error or a normal end.
    func finish(identifier: ObjectIdentifier, error: (any Error)?) {
        guard let request = removeStream(identifier) else { return }
        if request.timedOut {
            request.continuation.finish(throwing: BackendError.timeout(seconds: request.timeout))
        } else if let error {
            request.continuation.finish(throwing: HTTPTransport.backendError(for: error))
        } else {
            request.continuation.finish()
        }
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
    private func removeStream(_ identifier: ObjectIdentifier) -> InFlight? {
        lock.withLock { inFlight.removeValue(forKey: identifier) }
    }

    private func stream(_ identifier: ObjectIdentifier) -> AsyncThrowingStream<HTTPEvent, any Error>.Continuation? {
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
            stream(ObjectIdentifier(dataTask))?.yield(.head(status: response.statusCode, headers: headers, at: .now))
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        stream(ObjectIdentifier(dataTask))?.yield(.body(data, at: .now))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        finish(identifier: ObjectIdentifier(task), error: error)
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
