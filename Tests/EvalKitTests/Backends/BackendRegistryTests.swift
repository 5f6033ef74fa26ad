import Foundation
import Testing
@testable import EvalKit

@Suite("Backend registry: a backend type is its reader and its builder, registered once")
struct BackendRegistryTests {
    /// A backend type defined outside EvalKit's own list: answers with its configured greeting.
    struct Greeter: ModelBackend {
        let name: String
        let greeting: String
        var concurrency: Int { 1 }
        func start() async throws -> String { "greeter-1" }
        func complete(_ request: ChatRequest) async throws -> ChatCompletion { ChatCompletion(content: greeting) }
        func shutdown() async {}
        func identity(of request: ChatRequest) -> RequestIdentity {
            RequestIdentity(wireType: "test", endpoint: name, model: "test", body: .string(request.storedJSON), sample: request.sample)
        }
    }

    static let greeterType = BackendType(
        config: BackendTypeReader(type: "greeter", keys: ["greeting"], defaultConcurrency: 1) { config, reader throws(InputProblem) in
            guard let greeting = try reader.entry.optionalString("greeting") else { throw reader.problem(nil, "missing 'greeting'") }
            config.parameters["greeting"] = .string(greeting)
        },
        make: { config, _ in Greeter(name: config.name, greeting: config.parameters["greeting"]?.stringValue ?? "") })

    @Test("a new type reads its own keys, is built by the registry, and its answers pass through redaction")
    func newTypeEndToEnd() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("evalctl.yaml", "backends:\n  hello:\n    type: greeter\n    greeting: bonjour\n")
        var registry = BackendRegistry.standard
        registry.register(Self.greeterType)
        #expect(registry.knownTypes == ["openai", "llama-server", "anthropic", "stub", "greeter"])
        let config = try EvalConfig.load(path: directory.path("evalctl.yaml"), environment: [:], types: registry.configReaders)
        let backendConfig = try #require(config.backend(named: "hello"))
        #expect(backendConfig.type == "greeter")
        #expect(backendConfig.concurrency == 1)
        let backend = try registry.make(backendConfig, environment: [:])
        #expect(backend is RedactingBackend)
        #expect(try await backend.complete(ChatRequest(messages: [])).content == "bonjour")
    }

    @Test("the standard registry does not know the new type: the config names it at its line, with the known types")
    func unknownTypeWithoutRegistration() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("evalctl.yaml", "backends:\n  hello:\n    type: greeter\n    greeting: bonjour\n")
        #expect {
            _ = try EvalConfig.load(path: directory.path("evalctl.yaml"), environment: [:])
        } throws: { error in
            "\(error)".contains("evalctl.yaml:3: backend 'hello': unknown type 'greeter'") && "\(error)".contains("openai, llama-server")
        }
    }
}
