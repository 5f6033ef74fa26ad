import Foundation
import Testing
@testable import EvalKit

@Suite("Backend identity: what a backend's config says about its answers, never a secret")
struct BackendIdentityTests {
    static let key = "sk-test-IDENTITY-0123456789abcdef"

    @Test("type, URL, model, params and the key's variable name are kept; the key's value, URL credentials and key shapes are not")
    func neverSecrets() throws {
        var config = BackendConfig(name: "stub", type: "openai")
        config.baseURL = URL(string: "http://user:\(Self.key)@gateway.example/v1?api_key=\(Self.key)")
        config.model = "gpt-stub"
        config.apiKeyEnvironmentVariable = "EVALCTL_TEST_KEY"
        config.parameters = ["temperature": .number(0), "metadata": .object(["note": .string("Bearer \(Self.key)")])]
        let identity = config.identity(redactor: SecretRedactor(secrets: [Self.key]))
        #expect(!identity.json.contains(Self.key))
        #expect(!identity.json.contains("user:"))
        #expect(identity.fields["api_key_env"] == .string("EVALCTL_TEST_KEY"))
        #expect(identity.fields["model"] == .string("gpt-stub"))
        #expect(identity.fields["params"]?["temperature"] == .number(0))
        #expect(BackendIdentity.text(identity.fields["base_url"]).hasPrefix("http://gateway.example/v1"))
        #expect(BackendIdentity(json: identity.json) == identity, "the stored form reads back")
    }

    @Test("a llama-server backend records its model file and context size, not an API key variable")
    func llamaServer() {
        var config = BackendConfig(name: "local", type: "llama-server")
        config.modelPath = "models/tiny.gguf"
        let identity = config.identity(redactor: .shapesOnly)
        #expect(identity.fields["model_path"] == .string("models/tiny.gguf"))
        #expect(identity.fields["context_size"] == .number(2048))
        #expect(identity.fields["api_key_env"] == nil)
    }
}
