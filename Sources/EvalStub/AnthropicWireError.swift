import Foundation

/// An error answer in Anthropic's Messages wire format:
/// `{"type":"error","error":{"type":…,"message":…},"request_id":…}` with its HTTP status and headers.
///
/// The presets follow Anthropic's API reference (error types and statuses); their messages are representative.
public struct AnthropicWireError: Error, Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// `error.type`, e.g. `overloaded_error`.
    public var type: String
    /// `error.message`.
    public var message: String
    /// Extra response header fields, e.g. `retry-after` or `x-should-retry`.
    public var headers: [String: String]

    public init(status: Int, type: String, message: String, headers: [String: String] = [:]) {
        self.status = status
        self.type = type
        self.message = message
        self.headers = headers
    }

    /// The body of an error response, as the API renders it (compact, with the request id).
    public func body(requestID: String) -> Data {
        Data(OrderedJSON.object([
            ("type", .string("error")),
            ("error", errorObject),
            ("request_id", .string(requestID)),
        ]).compactBytes)
    }

    /// The `data:` payload of an `error` event inside a stream (no request id there).
    public var eventPayload: String {
        OrderedJSON.object([("type", .string("error")), ("error", errorObject)]).compactText
    }

    private var errorObject: OrderedJSON {
        .object([("type", .string(type)), ("message", .string(message))])
    }

    /// The same error with `x-should-retry` set: the server's word on whether a retry can help.
    public func shouldRetry(_ retry: Bool) -> AnthropicWireError {
        var error = self
        error.headers["x-should-retry"] = retry ? "true" : "false"
        return error
    }

    /// 400 `invalid_request_error`.
    public static func invalidRequest(_ message: String) -> AnthropicWireError {
        AnthropicWireError(status: 400, type: "invalid_request_error", message: message)
    }

    /// 401 `authentication_error`.
    public static let authentication = AnthropicWireError(status: 401, type: "authentication_error", message: "invalid x-api-key")

    /// 403 `permission_error`.
    public static let permission = AnthropicWireError(
        status: 403, type: "permission_error", message: "Your API key does not have permission to use the specified resource.")

    /// 404 `not_found_error`, e.g. for an unknown model or path.
    public static func notFound(_ message: String = "Not found") -> AnthropicWireError {
        AnthropicWireError(status: 404, type: "not_found_error", message: message)
    }

    /// 413 `request_too_large`.
    public static let requestTooLarge = AnthropicWireError(
        status: 413, type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes.")

    /// 429 `rate_limit_error` with `retry-after` (whole seconds, rounded up) and the rate-limit headers.
    public static func rateLimited(retryAfter: Duration = .seconds(1)) -> AnthropicWireError {
        let (seconds, attoseconds) = retryAfter.components
        let wholeSeconds = max(0, seconds + (attoseconds > 0 ? 1 : 0))
        return AnthropicWireError(
            status: 429, type: "rate_limit_error",
            message: "Number of request tokens has exceeded your per-minute rate limit (https://docs.anthropic.com/en/api/rate-limits); "
                + "see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.",
            headers: [
                "retry-after": String(wholeSeconds),
                "anthropic-ratelimit-requests-limit": "50",
                "anthropic-ratelimit-requests-remaining": "0",
                "anthropic-ratelimit-requests-reset": "2026-01-01T00:00:00Z",
            ])
    }

    /// 500 `api_error`.
    public static let apiError = AnthropicWireError(status: 500, type: "api_error", message: "Internal server error")

    /// 529 `overloaded_error`: the API is temporarily overloaded.
    public static let overloaded = AnthropicWireError(status: 529, type: "overloaded_error", message: "Overloaded")
}
