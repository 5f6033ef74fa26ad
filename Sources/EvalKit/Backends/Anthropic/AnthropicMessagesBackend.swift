import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Anthropic's Messages API (`POST {base_url}/v1/messages`), streamed by default to measure time to first token.
///
/// Retries 429, 5xx (529 `overloaded_error` included, also when it arrives as an `error` event mid-stream),
/// timeouts and dropped connections per its `RetryPolicy`; a server's `x-should-retry` overrides that either way.
public final class AnthropicMessagesBackend: ModelBackend {
    public static let defaultBaseURL = URL(string: "https://api.anthropic.com")!

    public let name: String
    public let concurrency: Int
    let baseURL: URL
    let endpoint: URL
    let model: String
    let parameters: [String: JSONValue]
    let stream: Bool
    let timeoutSeconds: Double
    let maxResponseBytes: Int
    let retryPolicy: RetryPolicy
    private let apiKey: String?
    private let transport: HTTPTransport

    /// Builds the backend from its config, reading the API key from the environment variable the config names.
    public convenience init(config: BackendConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var key: String?
        if let variable = config.apiKeyEnvironmentVariable {
            guard let value = environment[variable], !value.isEmpty else { throw BackendError.missingAPIKey(variable: variable) }
            key = value
        }
        self.init(
            name: config.name, baseURL: config.baseURL ?? Self.defaultBaseURL, model: config.model ?? "", apiKey: key,
            parameters: config.parameters, stream: config.stream, concurrency: config.concurrency,
            timeoutSeconds: config.timeoutSeconds, maxResponseBytes: config.maxResponseBytes,
            retryPolicy: RetryPolicy(maxRetries: config.maxRetries))
    }

    public init(
        name: String, baseURL: URL = AnthropicMessagesBackend.defaultBaseURL, model: String, apiKey: String? = nil,
        parameters: [String: JSONValue] = [:], stream: Bool = true, concurrency: Int = 8, timeoutSeconds: Double = 60,
        maxResponseBytes: Int = BackendConfig.defaultMaxResponseBytes, retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.name = name
        self.baseURL = baseURL
        endpoint = baseURL.appendingPathComponent("v1").appendingPathComponent("messages")
        self.model = model
        self.apiKey = apiKey
        self.parameters = parameters
        self.stream = stream
        self.concurrency = concurrency
        self.timeoutSeconds = timeoutSeconds
        self.maxResponseBytes = maxResponseBytes
        self.retryPolicy = retryPolicy
        transport = HTTPTransport(maxConnections: concurrency)
    }

    public func start() async throws -> String { model }

    public func shutdown() async { transport.close() }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        let urlRequest = makeURLRequest(request)
        return try await retryPolicy.run { attempt in
            var completion = try await exchange(urlRequest)
            completion.attempts = attempt
            return completion
        }
    }

    public func identity(of request: ChatRequest) -> RequestIdentity {
        RequestIdentity(wireType: "anthropic", endpoint: BackendConfig.withoutCredentials(baseURL), model: model,
                        body: .object(AnthropicWireFormat.body(for: request, model: model, parameters: parameters)), sample: request.sample)
    }

    func makeURLRequest(_ request: ChatRequest) -> URLRequest {
        var body = AnthropicWireFormat.body(for: request, model: model, parameters: parameters)
        if stream { body["stream"] = .bool(true) }
        var urlRequest = URLRequest(url: endpoint)
        urlRequest.httpMethod = "POST"
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        urlRequest.setValue(stream ? "text/event-stream" : "application/json", forHTTPHeaderField: "Accept")
        urlRequest.setValue(AnthropicWireFormat.apiVersion, forHTTPHeaderField: "anthropic-version")
        if let apiKey { urlRequest.setValue(apiKey, forHTTPHeaderField: "x-api-key") }
        urlRequest.httpBody = Data(JSONValue.object(body).canonicalJSON.utf8)
        return urlRequest
    }

    /// One attempt: sends the request and reads the whole answer, streamed or not.
    private func exchange(_ urlRequest: URLRequest) async throws -> ChatCompletion {
        let started = ContinuousClock.now
        var lastArrival = started
        var status = 0
        var isEventStream = false
        var body: [UInt8] = []
        var retryAfter: Double?
        var shouldRetry: Bool?
        var reader = StreamedMessageReader()
        for try await event in transport.events(for: urlRequest, timeout: timeoutSeconds, maxBytes: maxResponseBytes) {
            switch event {
            case .head(let code, let headers, let arrival):
                lastArrival = arrival
                status = code
                isEventStream = headers["content-type"]?.contains("text/event-stream") ?? false
                if !(200..<300).contains(code) {
                    body = []
                    isEventStream = false
                    retryAfter = OpenAIChatBackend.retryAfter(headers)
                    shouldRetry = Self.shouldRetry(headers)
                }
            case .body(let data, let arrival):
                lastArrival = arrival
                if isEventStream {
                    try reader.feed(data, at: (arrival - started).seconds)
                } else {
                    body.append(contentsOf: data)
                }
            }
        }
        // A cancelled task ends the event stream without an error: that is an interruption, not a bad answer.
        try Task.checkCancellation()
        let latency = (lastArrival - started).seconds
        guard (200..<300).contains(status) else {
            let error = BackendError.http(status: status, message: AnthropicWireFormat.errorMessage(from: body), retryAfter: retryAfter)
            guard let shouldRetry, shouldRetry != error.isRetryable else { throw error }
            throw BackendError.serverDirected(retry: shouldRetry, error)
        }
        if isEventStream {
            return try reader.finish(latency: latency)
        }
        return try AnthropicWireFormat.completion(body, latency: latency)
    }

    /// `x-should-retry: true|false`: the server's own word on whether retrying can help, for any status.
    static func shouldRetry(_ headers: [String: String]) -> Bool? {
        switch headers["x-should-retry"]?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
