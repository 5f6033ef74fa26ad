import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Any OpenAI-compatible `/v1/chat/completions` endpoint: OpenAI itself, vLLM, llama.cpp's server, proxies.
///
/// Streams by default (SSE) to measure time to first token; retries 429, 5xx, timeouts and dropped
/// connections per its `RetryPolicy`.
public final class OpenAIChatBackend: ModelBackend {
    public let name: String
    public let concurrency: Int
    let endpoint: URL
    let model: String
    let parameters: [String: JSONValue]
    let stream: Bool
    let timeoutSeconds: Double
    let maxResponseBytes: Int
    let retryPolicy: RetryPolicy
    /// The backend type named in the cache key (`openai`, or `llama-server` when a llama server is spoken to).
    let wireType: String
    /// The endpoint named in the cache key, when it is not the URL (a started llama server's model file).
    let endpointIdentity: String?
    private let authorization: String?
    private let transport: HTTPTransport

    /// Builds the backend from its config, reading the API key from the environment variable the config names.
    public convenience init(config: BackendConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let baseURL = config.baseURL else {
            throw BackendError.invalidResponse("backend '\(config.name)' has no base_url")
        }
        var key: String?
        if let variable = config.apiKeyEnvironmentVariable {
            guard let value = environment[variable], !value.isEmpty else { throw BackendError.missingAPIKey(variable: variable) }
            key = value
        }
        self.init(
            name: config.name, baseURL: baseURL, model: config.model ?? "default", apiKey: key, parameters: config.parameters,
            stream: config.stream, concurrency: config.concurrency, timeoutSeconds: config.timeoutSeconds,
            maxResponseBytes: config.maxResponseBytes, retryPolicy: RetryPolicy(maxRetries: config.maxRetries))
    }

    public init(
        name: String, baseURL: URL, model: String, apiKey: String? = nil, parameters: [String: JSONValue] = [:],
        stream: Bool = true, concurrency: Int = 8, timeoutSeconds: Double = 60,
        maxResponseBytes: Int = BackendConfig.defaultMaxResponseBytes, retryPolicy: RetryPolicy = RetryPolicy(),
        wireType: String = "openai", endpointIdentity: String? = nil
    ) {
        self.name = name
        self.wireType = wireType
        self.endpointIdentity = endpointIdentity
        endpoint = baseURL.appendingPathComponent("chat/completions")
        self.model = model
        authorization = apiKey.map { "Bearer \($0)" }
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
        RequestIdentity(wireType: wireType, endpoint: endpointIdentity ?? BackendConfig.withoutCredentials(endpoint), model: model,
                        body: .object(OpenAIWireFormat.body(for: request, model: model, parameters: parameters)), sample: request.sample)
    }

    func makeURLRequest(_ request: ChatRequest) -> URLRequest {
        var body = OpenAIWireFormat.body(for: request, model: model, parameters: parameters)
        if stream {
            body["stream"] = .bool(true)
            body["stream_options"] = .object(["include_usage": .bool(true)])
        }
        var urlRequest = URLRequest(url: endpoint)
        urlRequest.httpMethod = "POST"
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        urlRequest.setValue(stream ? "text/event-stream" : "application/json", forHTTPHeaderField: "Accept")
        if let authorization { urlRequest.setValue(authorization, forHTTPHeaderField: "Authorization") }
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
        var reader = StreamedCompletionReader()
        for try await event in transport.events(for: urlRequest, timeout: timeoutSeconds, maxBytes: maxResponseBytes) {
            switch event {
            case .head(let code, let headers, let arrival):
                lastArrival = arrival
                status = code
                isEventStream = headers["content-type"]?.contains("text/event-stream") ?? false
                if !(200..<300).contains(code) {
                    body = []
                    isEventStream = false
                    reader.retryAfter = Self.retryAfter(headers)
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
            throw BackendError.http(status: status, message: OpenAIWireFormat.errorMessage(from: body), retryAfter: reader.retryAfter)
        }
        if isEventStream {
            return try reader.finish(latency: latency)
        }
        return try OpenAIWireFormat.completion(body, latency: latency)
    }

    /// `retry-after-ms` (OpenAI) wins over `retry-after` (seconds or an HTTP date).
    static func retryAfter(_ headers: [String: String]) -> Double? {
        if let milliseconds = headers["retry-after-ms"].flatMap(Double.init) { return milliseconds / 1000 }
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
