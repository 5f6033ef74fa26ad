import Foundation

/// The bundled stub server (`evalctl-stub`) as a backend: started on a free loopback port for the run, spoken to
/// through `OpenAIChatBackend`, stopped afterwards.
public final class StubServerBackend: ModelBackend {
    public let name: String
    public let concurrency: Int
    private let config: BackendConfig
    private let server: ManagedServerProcess
    private let client = Mutex<OpenAIChatBackend?>(nil)

    public init(config: BackendConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        name = config.name
        concurrency = config.concurrency
        self.config = config
        let mode = config.answerMode ?? "echo"
        server = ManagedServerProcess(
            binary: try Self.locate(configured: config.serverBinary, environment: environment), label: "evalctl-stub",
            healthPath: "health", startupTimeout: config.startupTimeoutSeconds,
            arguments: { port in ["--port", String(port), "--answer-mode", mode] },
            isReady: { $0 > 0 })
    }

    private var model: String { config.model ?? "evalctl-stub" }
    private var endpointIdentity: String { "stub:\(config.answerMode ?? "echo")" }

    public func start() async throws -> String {
        let baseURL = try await server.start()
        client.withLock { $0 = OpenAIChatBackend(
            name: config.name, baseURL: baseURL.appendingPathComponent("v1"), model: model, parameters: config.parameters,
            stream: config.stream, concurrency: config.concurrency, timeoutSeconds: config.timeoutSeconds,
            maxResponseBytes: config.maxResponseBytes, retryPolicy: RetryPolicy(maxRetries: config.maxRetries),
            wireType: config.type, endpointIdentity: endpointIdentity) }
        return model
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
        await server.stop()
    }

    /// The stub program: `server_binary`, `EVALCTL_STUB`, the `evalctl-stub` next to the running program (where `make
    /// install` and the release tarball put it), then `evalctl-stub` on `PATH`.
    static func locate(configured: String?, environment: [String: String]) throws(BackendError) -> String {
        let fileManager = FileManager.default
        for (source, path) in [("server_binary", configured), ("EVALCTL_STUB", environment["EVALCTL_STUB"])] {
            guard let path, !path.isEmpty else { continue }
            guard fileManager.isExecutableFile(atPath: path) else { throw BackendError.serverStart("\(source) \(path) is not an executable file") }
            return path
        }
        var candidates: [String] = []
        if let running = runningExecutable() { candidates.append(running.deletingLastPathComponent().appendingPathComponent("evalctl-stub").path) }
        for directory in (environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(directory)/evalctl-stub") }
        if let found = candidates.first(where: fileManager.isExecutableFile(atPath:)) { return found }
        throw BackendError.serverStart("no evalctl-stub found next to evalctl or on PATH: install both (make install, or the release tarball), or set server_binary")
    }

    private static func runningExecutable() -> URL? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return URL(fileURLWithPath: path) }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }
}
