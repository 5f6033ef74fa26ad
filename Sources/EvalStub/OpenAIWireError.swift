import Foundation

/// An error answer in the OpenAI wire format:
/// `{"error":{"message":…,"type":…,"param":…,"code":…}}` with its HTTP status and headers.
///
/// The presets mirror what api.openai.com sends; their messages are representative, not verbatim.
public struct OpenAIWireError: Error, Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// `error.message`.
    public var message: String
    /// `error.type`, e.g. `invalid_request_error`.
    public var type: String
    /// `error.param`; rendered as `null` when nil.
    public var param: String?
    /// `error.code`; rendered as `null` when nil.
    public var code: String?
    /// Extra response header fields, e.g. `retry-after`.
    public var headers: [String: String]

    /// An error with any status and fields; see the presets below for the usual ones.
    public init(
        status: Int,
        message: String,
        type: String,
        param: String? = nil,
        code: String? = nil,
        headers: [String: String] = [:]
    ) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = headers
    }

    /// The response body, indented with four spaces as OpenAI renders error bodies.
    public var body: Data {
        let text = """
            {
                "error": {
                    "message": \(OrderedJSON.quoted(message)),
                    "type": \(OrderedJSON.quoted(type)),
                    "param": \(param.map(OrderedJSON.quoted) ?? "null"),
                    "code": \(code.map(OrderedJSON.quoted) ?? "null")
                }
            }

            """
        return Data(text.utf8)
    }

    /// 401 `invalid_api_key`.
    public static let invalidAPIKey = OpenAIWireError(
        status: 401,
        message: "Incorrect API key provided: sk-stub. You can find your API key at https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        code: "invalid_api_key"
    )

    /// 429 `rate_limit_exceeded`, with `retry-after` (whole seconds, rounded up) and
    /// `retry-after-ms` headers as OpenAI sends them.
    public static func rateLimited(retryAfter: Duration = .seconds(1)) -> OpenAIWireError {
        let (seconds, attoseconds) = retryAfter.components
        let milliseconds = max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        let wholeSeconds = (milliseconds + 999) / 1000
        return OpenAIWireError(
            status: 429,
            message: "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. "
                + "Please try again in \(milliseconds)ms. Visit https://platform.openai.com/account/rate-limits to learn more.",
            type: "requests",
            code: "rate_limit_exceeded",
            headers: [
                "retry-after": String(wholeSeconds),
                "retry-after-ms": String(milliseconds),
                "x-ratelimit-limit-requests": "3",
                "x-ratelimit-remaining-requests": "0",
                "x-ratelimit-reset-requests": "\(milliseconds)ms",
            ]
        )
    }

    /// 429 `insufficient_quota`: a rate-limit status that retrying does not cure.
    public static let insufficientQuota = OpenAIWireError(
        status: 429,
        message: "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
        type: "insufficient_quota",
        code: "insufficient_quota"
    )

    /// 500 `server_error`.
    public static let serverError = OpenAIWireError(
        status: 500,
        message: "The server had an error while processing your request. Sorry about that!",
        type: "server_error",
        code: "server_error"
    )

    /// 503: the engine is overloaded.
    public static let overloaded = OpenAIWireError(
        status: 503,
        message: "The server is overloaded or not ready yet.",
        type: "server_error",
        code: "overloaded"
    )

    /// 400 `invalid_request_error`.
    public static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil) -> OpenAIWireError {
        OpenAIWireError(status: 400, message: message, type: "invalid_request_error", param: param, code: code)
    }

    /// 404 for a method and path the API does not serve.
    public static func invalidURL(method: String, path: String) -> OpenAIWireError {
        OpenAIWireError(status: 404, message: "Invalid URL (\(method) \(path))", type: "invalid_request_error")
    }
}
