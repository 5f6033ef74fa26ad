import Foundation

/// Why a backend could not answer. `isRetryable` decides whether the retry policy tries again.
public enum BackendError: Error, Sendable, Hashable, DescribedError {
    /// The server answered with an error status; `retryAfter` from `Retry-After` / `retry-after-ms`, in seconds.
    case http(status: Int, message: String, retryAfter: Double?)
    /// No complete answer within the backend's `timeout_s`.
    case timeout(seconds: Double)
    /// The connection failed or dropped before an answer.
    case connection(String)
    /// A stream ended before its terminating event.
    case incompleteStream(received: Int)
    /// The server's answer is not in the expected wire format and retrying cannot help (e.g. a misconfiguration).
    case invalidResponse(String)
    /// A success status whose body is unparseable, truncated or garbled: retried like a dropped connection.
    case malformedAnswer(String)
    /// The answer grew past the backend's `max_response_bytes`; the read was stopped there.
    case responseTooLarge(limit: Int)
    /// The API key's environment variable is not set.
    case missingAPIKey(variable: String)
    /// A managed server could not be started.
    case serverStart(String)
    /// `--cache only` and no answer is stored for the request: the model is never asked.
    case notCached(key: String, model: String, sample: Int)
    /// The backend was found unreachable (refused connections, DNS or TLS failures, 401/403/404 from the start) or down
    /// for good; nothing more is sent to it. `reason` names the backend, its URL and why.
    case unreachable(reason: String)
    /// Its circuit breaker is open and the case has a fallback to go to at once.
    case circuitOpen(backend: String)
    /// Every attempt failed; `last` is the final failure.
    indirect case exhausted(attempts: Int, last: BackendError)
    /// A failure whose server said whether to retry it (Anthropic's `x-should-retry`), overriding `isRetryable`.
    /// Backends wrap only when the server disagrees with the default, so a plain 429/529 stays visible as one.
    indirect case serverDirected(retry: Bool, BackendError)

    public var isRetryable: Bool {
        switch self {
        case .http(let status, _, _): status == 408 || status == 409 || status == 429 || status >= 500
        case .timeout, .connection, .incompleteStream, .malformedAnswer: true
        case .invalidResponse, .responseTooLarge, .missingAPIKey, .serverStart, .notCached, .unreachable, .circuitOpen, .exhausted: false
        case .serverDirected(let retry, _): retry
        }
    }

    /// The server's message, for HTTP errors.
    public var httpMessage: String? {
        if case .http(_, let message, _) = self { return message }
        if case .serverDirected(_, let error) = self { return error.httpMessage }
        return nil
    }

    public var retryAfter: Double? {
        if case .http(_, _, let retryAfter) = self { return retryAfter }
        if case .serverDirected(_, let error) = self { return error.retryAfter }
        return nil
    }

    public var description: String {
        switch self {
        case .http(let status, let message, _): "HTTP \(status): \(message)"
        case .timeout(let seconds): "no complete answer within \(JSONValue.format(number: seconds)) s"
        case .connection(let detail): "connection failed: \(detail)"
        case .incompleteStream(let received): "stream ended early, after \(received) events and before its final event"
        case .invalidResponse(let detail): "unexpected response: \(detail)"
        case .malformedAnswer(let detail): "malformed answer: \(detail)"
        case .responseTooLarge(let limit):
            "the answer was larger than max_response_bytes (\(limit) bytes) and was not read further; raise max_response_bytes if this size is expected"
        case .missingAPIKey(let variable): "the environment variable \(variable) (api_key_env) is not set"
        case .serverStart(let detail): "could not start the model server: \(detail)"
        case .notCached(let key, let model, let sample):
            // `sample` as the cache and cassettes store it: 0 for a case's first repeat.
            "no cached answer for this request (--cache only): key \(key) (model \(model), sample \(sample)); record it with --cache use or import a cassette"
        case .unreachable(let reason): reason
        case .circuitOpen(let backend): "backend '\(backend)' is failing (its circuit breaker is open)"
        case .exhausted(let attempts, let last): "\(last) (gave up after \(attempts) attempts)"
        case .serverDirected(let retry, let error): retry ? "\(error)" : "\(error) (the server said not to retry)"
        }
    }
}

extension BackendError {
    /// The failure itself, without the retries around it.
    public var underlying: BackendError {
        switch self {
        case .exhausted(_, let last): last.underlying
        case .serverDirected(_, let inner): inner.underlying
        default: self
        }
    }

    /// A failure of the backend that a circuit breaker counts: timeouts, connection errors, 5xx and 529 (overloaded),
    /// rate limits; not client errors (400-class), which say something about the request.
    public var countsAgainstBackend: Bool {
        switch underlying {
        case .http(let status, _, _): status >= 500 || status == 429 || status == 408
        case .timeout, .connection, .incompleteStream, .malformedAnswer: true
        default: false
        }
    }

    /// How the transport begins a connection error whose TLS handshake cannot succeed (an untrusted certificate, or no
    /// TLS at the other end), so that it reads as unreachable.
    static let tlsFailurePrefix = "TLS handshake failed: "

    /// The backend cannot be reached at all: refused connections, DNS or TLS failures, or 401, 403 or 404 (a wrong
    /// key, a wrong URL). From the first attempts, this means failing fast rather than retrying every case.
    public var meansUnreachable: Bool {
        switch underlying {
        case .http(let status, _, _): return status == 401 || status == 403 || status == 404
        case .connection(let detail):
            if detail.hasPrefix("cannot connect to") || detail.hasPrefix("cannot resolve") || detail.hasPrefix(Self.tlsFailurePrefix) {
                return true
            }
            // URLSession (https): cannot find or connect to the host, DNS.
            return ["-1003", "-1004", "-1006"].contains { detail.contains("URLError \($0))") }
        default: return false
        }
    }
}
