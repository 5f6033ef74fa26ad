import Foundation
import Testing
@testable import EvalKit

@Suite("type: stub, the bundled stub server as a backend")
struct StubBackendTests {
    static func config(_ yaml: String, in directory: TemporaryDirectory) throws -> EvalConfig {
        try directory.write("evalctl.yaml", yaml)
        // The built evalctl-stub, as evalctl finds it next to itself once installed.
        return try EvalConfig.load(path: directory.path("evalctl.yaml"), environment: ["EVALCTL_STUB": RepositoryPaths.product("evalctl-stub")])
    }

    @Test("answers by its answer_mode, and records evalctl-stub as the model", arguments: [
        ("echo", "say this back"), ("fixed:Paris", "Paris"), ("expected-tag", "inside"),
    ])
    func answers(mode: String, answer: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try Self.config("backends:\n  s:\n    type: stub\n    answer_mode: \"\(mode)\"\n", in: directory)
        let backend = try BackendRegistry.standard.make(config.backends[0], environment: ["EVALCTL_STUB": RepositoryPaths.product("evalctl-stub")])
        let model = try await backend.start()
        #expect(model == "evalctl-stub")
        let prompt = mode == "expected-tag" ? "a <expected>inside</expected> b" : "say this back"
        let completion = try await backend.complete(ChatRequest(messages: [ChatMessage(role: .user, content: prompt)]))
        #expect(completion.content == answer)
        await backend.shutdown()
    }

    @Test("a bad answer_mode, a key of another type and a server_binary that is not a program are clear errors")
    func badConfig() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let mode = #expect(throws: InvalidInput.self) { try Self.config("backends:\n  s:\n    type: stub\n    answer_mode: parrot\n", in: directory) }
        #expect(mode?.problems.first?.message.contains("answer_mode must be echo, expected-tag or fixed:TEXT") == true)
        #expect(mode?.problems.first?.line == 4)
        let key = #expect(throws: InvalidInput.self) { try Self.config("backends:\n  s:\n    type: stub\n    model_path: x.gguf\n", in: directory) }
        #expect(key?.problems.first?.message.contains("model_path") == true)
        let config = try Self.config("backends:\n  s:\n    type: stub\n    server_binary: /nonexistent/evalctl-stub\n", in: directory)
        #expect(throws: BackendError.self) { _ = try BackendRegistry.standard.make(config.backends[0], environment: [:]) }
    }
}
