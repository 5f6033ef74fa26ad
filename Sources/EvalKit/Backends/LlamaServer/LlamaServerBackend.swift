import Foundation

/// The llama.cpp HTTP server: an already running one (`url`) or one evalctl starts for a GGUF file (`model_path`).
///
/// Requests go through `OpenAIChatBackend` against the server's OpenAI-compatible `/v1` API.
public final class LlamaServerBackend: ModelBackend {
    public let name: String
    public let concurrency: Int
    private let config: BackendConfig
    private let managed: ManagedLlamaServer?
    private let client = Mutex<OpenAIChatBackend?>(nil)

    public init(config: BackendConfig, locator: LlamaServerLocator = LlamaServerLocator()) throws {
        name = config.name
        concurrency = config.concurrency
        self.config = config
        if let modelPath = config.modelPath {
            managed = ManagedLlamaServer(
                binary: try locator.locate(configured: config.serverBinary), modelPath: modelPath,
                alias: config.model ?? Self.alias(forModelAt: modelPath), threads: config.threads,
                contextSize: config.contextSize, parallel: config.concurrency, startupTimeout: config.startupTimeoutSeconds)
        } else {
            managed = nil
        }
    }

    /// The model file's name without `.gguf`, recorded as the model id (stable across machines, unlike the path).
    static func alias(forModelAt path: String) -> String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        return file.hasSuffix(".gguf") ? String(file.dropLast(5)) : file
    }

    public func start() async throws -> String {
        let baseURL: URL
        if let managed {
            baseURL = try await managed.start()
        } else {
            baseURL = config.url!
        }
        client.withLock { $0 = OpenAIChatBackend(
            name: config.name, baseURL: baseURL.appendingPathComponent("v1"), model: model, parameters: config.parameters,
            stream: config.stream, concurrency: config.concurrency, timeoutSeconds: config.timeoutSeconds,
            maxResponseBytes: config.maxResponseBytes, retryPolicy: RetryPolicy(maxRetries: config.maxRetries),
            wireType: config.type, endpointIdentity: endpointIdentity) }
        return model
    }

    /// The model id recorded and sent: the alias of a started server's model file, else the configured model.
    private var model: String { managed?.alias ?? config.model ?? "llama-server" }

    /// A running server is its URL; a started one is its model file, since its port changes every run.
    private var endpointIdentity: String {
        if let modelPath = config.modelPath { return "model_path:\(modelPath)" }
        return config.url?.appendingPathComponent("v1").absoluteString ?? ""
    }

    public func identity(of request: ChatRequest) -> RequestIdentity {
        RequestIdentity(wireType: config.type, endpoint: endpointIdentity, model: model,
                        body: .object(OpenAIWireFormat.body(for: request, model: model, parameters: config.parameters)), sample: request.sample)
    }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        guard let client = client.withLock({ $0 }) else {
            throw BackendError.serverStart("backend '\(name)' was used before it was started")
        }
        return try await client.complete(request)
    }

    public func shutdown() async {
        await client.withLock { $0 }?.shutdown()
        await managed?.stop()
    }
}
