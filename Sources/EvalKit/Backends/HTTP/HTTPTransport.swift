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
/// `http://` through `PlainHTTPExchange` (blocking sockets on kept-alive connections; see there why).
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
        let limit: HTTPExchangeLimit
    }

    /// A request's key in `inFlight`: a number of the transport's own for `http://`, the task's identifier (unique in
    /// its session) for URLSession. Never an object's identity: a finished request's object may be freed and its address
    /// given to the next one while the first one's stream is still being torn down, and the late teardown then removed
    /// the new request, whose stream never ended (a run hung with no request in flight).
    enum RequestKey: Hashable, Sendable {
        case plain(UInt64)
        case task(Int)
    }

    // Guards `inFlight` and `nextPlainKey`; the delegate queue, the deadline timer and callers touch them from
    // different threads.
    private let lock = NSLock()
    private var inFlight: [RequestKey: InFlight] = [:]
    private var nextPlainKey: UInt64 = 0
    private var session: URLSession?
    private var deadlineTimer: (any DispatchSourceTimer)?
    /// Kept-alive connections for `http://` requests: the process's shared pool, or one of the transport's own.
    let connections: PlainHTTPConnections
    private let ownsConnections: Bool

    /// Whether `http://` requests go through `PlainHTTPExchange` (always, except in tests of the URLSession path).
    private let plainHTTP: Bool

    /// `maxConnections` should be at least the backend's concurrency, or requests queue inside libcurl.
    init(maxConnections: Int, plainHTTP: Bool = true, connections: PlainHTTPConnections? = nil) {
        self.plainHTTP = plainHTTP
        self.connections = connections ?? .shared
        ownsConnections = connections != nil
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
        // A queue of its own: it gets a thread even when every thread of the global queues is busy reading answers,
        // so a deadline cannot be starved by the very flood of bytes it has to stop.
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "evalctl.http-deadlines"))
        timer.schedule(deadline: .now() + .milliseconds(50), repeating: .milliseconds(50), leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in self?.expireOverdueRequests() }
        timer.resume()
        deadlineTimer = timer
    }

    /// Ends requests past their deadline at once with `BackendError.timeout`, and cancels them. The stream is
    /// finished here, not when the request's thread notices: a thread blocked in `connect` may take minutes.
    private func expireOverdueRequests() {
        let now = DispatchTime.now()
        let overdue = lock.withLock { inFlight.filter { $0.value.deadline < now }.map { ($0.key, $0.value.timeout) } }
        for (identifier, timeout) in overdue { end(identifier, with: .timeout(seconds: timeout)) }
    }

    /// Starts `request` and returns its events. The stream fails with `BackendError.timeout` once `timeout` seconds
    /// have passed since the start (body included), and with `BackendError.responseTooLarge` once the body grows past
    /// `maxBytes`; either way the request is cancelled and events still buffered are dropped.
    func events(for request: URLRequest, timeout: Double, maxBytes: Int = BackendConfig.defaultMaxResponseBytes) -> HTTPEventStream {
        let (stream, continuation) = AsyncThrowingStream<HTTPEvent, any Error>.makeStream()
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout * 1e9))
        let limit = HTTPExchangeLimit(maxBytes: maxBytes)
        if plainHTTP, request.url?.scheme == "http" {
            let key = lock.withLock { () -> RequestKey in
                nextPlainKey += 1
                return .plain(nextPlainKey)
            }
            let exchange = PlainHTTPExchange(
                request: request, connections: connections,
                deliver: { event in
                    try limit.admit(event)
                    continuation.yield(event)
                },
                complete: { [weak self] error in self?.finish(key, error: error) })
            register(key, continuation, deadline: deadline, timeout: timeout, limit: limit, cancel: { exchange.cancel() })
            exchange.start()
            return HTTPEventStream(base: stream, limit: limit, stop: { exchange.cancel() })
        }
        guard let session else {
            continuation.finish(throwing: BackendError.connection("the HTTP session was already closed"))
            return HTTPEventStream(base: stream, limit: limit, stop: {})
        }
        let task = session.dataTask(with: request)
        // `URLSessionTask.cancel` waits for the session's work queue, which a flooding server keeps busy for minutes
        // (measured: 547 s): it is never called where a reader or the deadline timer would wait for it.
        let cancel: @Sendable () -> Void = { DispatchQueue.global().async { task.cancel() } }
        register(.task(task.taskIdentifier), continuation, deadline: deadline, timeout: timeout, limit: limit, cancel: cancel)
        task.resume()
        return HTTPEventStream(base: stream, limit: limit, stop: cancel)
    }

    private func register(
        _ identifier: RequestKey, _ continuation: AsyncThrowingStream<HTTPEvent, any Error>.Continuation,
        deadline: DispatchTime, timeout: Double, limit: HTTPExchangeLimit, cancel: @escaping @Sendable () -> Void
    ) {
        lock.withLock {
            inFlight[identifier] = InFlight(continuation: continuation, cancel: cancel, deadline: deadline, timeout: timeout, limit: limit)
        }
        continuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { cancel() }
            self?.removeStream(identifier)
        }
    }

    /// Ends a request's stream: with the limit it broke (deadline, size), else the error or a normal end.
    func finish(_ identifier: RequestKey, error: (any Error)?) {
        guard let request = removeStream(identifier) else { return }
        if let failure = request.limit.failure {
            request.continuation.finish(throwing: failure)
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
        // The shared pool's idle connections may serve another backend on the same server; it bounds them itself.
        if ownsConnections { connections.closeAll() }
        // Like `cancel`, this can wait minutes on a session a server is flooding; a shutdown must not.
        if let session { DispatchQueue.global().async { session.invalidateAndCancel() } }
    }

    @discardableResult
    private func removeStream(_ identifier: RequestKey) -> InFlight? {
        lock.withLock { inFlight.removeValue(forKey: identifier) }
    }

    private func request(_ identifier: RequestKey) -> InFlight? {
        lock.withLock { inFlight[identifier] }
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
            let event = HTTPEvent.head(status: response.statusCode, headers: headers, at: .now)
            if let request = request(.task(dataTask.taskIdentifier)) {
                do {
                    try request.limit.admit(event)
                    request.continuation.yield(event)
                } catch {
                    end(.task(dataTask.taskIdentifier), with: error)
                    completionHandler(.cancel)
                    return
                }
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let request = request(.task(dataTask.taskIdentifier)) else { return }
        let event = HTTPEvent.body(data, at: .now)
        do {
            try request.limit.admit(event)
            request.continuation.yield(event)
        } catch {
            end(.task(dataTask.taskIdentifier), with: error)
        }
    }

    /// Ends a request that broke a limit (deadline, size) now, rather than when its thread or libcurl gets round to
    /// reporting the cancellation (a blocked `connect`, or a flooding server, can delay that for minutes). Recording
    /// the failure in the limit makes the reader stop even with events still buffered.
    private func end(_ identifier: RequestKey, with error: BackendError) {
        guard let request = removeStream(identifier) else { return }
        request.limit.fail(error)
        request.continuation.finish(throwing: error)
        request.cancel()
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        finish(.task(task.taskIdentifier), error: error)
    }

    static func backendError(for error: any Error) -> any Error {
        guard let urlError = error as? URLError else { return error }
        switch urlError.code {
        case .cancelled: return CancellationError()
        case .timedOut: return BackendError.connection("the server stopped sending data (idle timeout)")
        default:
            let detail = "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))"
            return BackendError.connection(isTLSFailure(urlError) ? BackendError.tlsFailurePrefix + detail : detail)
        }
    }

    /// A TLS handshake that cannot succeed however often it is tried: an untrusted, expired or misnamed certificate,
    /// or no TLS at all (an `https://` URL at a plain-HTTP server: "wrong version number"). On Linux libcurl reports
    /// these as URLError -1 with its own text, so the text decides. A connection reset during the handshake
    /// (`SSL_ERROR_SYSCALL`) may be a blip and is left a plain connection error, retried.
    static func isTLSFailure(_ error: URLError) -> Bool {
        if (-1206 ... -1200).contains(error.code.rawValue) { return true }
        let text = error.localizedDescription
        guard !text.contains("SSL_ERROR_SYSCALL") else { return false }
        let lowered = text.lowercased()
        return ["certificate", "ssl routines", "wrong version number", "ssl connect error", "tls connect error", "handshake failure",
                "unsupported protocol", "no alternative certificate subject name"].contains { lowered.contains($0) }
    }
}
