import Foundation
import Testing
@testable import EvalKit

@Suite("Eval config")
struct EvalConfigTests {
    private let environment = ["HOME": "/home/tester"]

    private func load(_ fixture: String, environment: [String: String]? = nil) throws -> EvalConfig {
        try EvalConfig.load(path: TestFixtures.config(fixture), environment: environment ?? self.environment)
    }

    /// The single problem loading `fixture` reports.
    private func problem(_ fixture: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> InputProblem {
        let error = #expect(throws: InvalidInput.self, sourceLocation: sourceLocation) { try load(fixture) }
        let problems = try #require(error?.problems, sourceLocation: sourceLocation)
        #expect(problems.count == 1, "\(problems)", sourceLocation: sourceLocation)
        let problem = try #require(problems.first, sourceLocation: sourceLocation)
        #expect(problem.file == TestFixtures.config(fixture), sourceLocation: sourceLocation)
        return problem
    }

    @Test("a valid file yields its backends in file order")
    func validFile() throws {
        let config = try load("valid.yaml")
        #expect(config.backends.map(\.name) == ["openai", "local", "managed"])
        #expect(config.backends.map(\.type) == ["openai", "llama-server", "llama-server"])
        #expect(config.path == TestFixtures.config("valid.yaml"))
        #expect(config.backend(named: "local")?.url == URL(string: "http://127.0.0.1:8080"))
        #expect(config.backend(named: "missing") == nil)
    }

    @Test("an openai backend gets its fields and the defaults: concurrency 8, timeout 60 s, 4 retries, streaming")
    func openAIDefaults() throws {
        let openai = try #require(try load("valid.yaml").backend(named: "openai"))
        #expect(openai.baseURL == URL(string: "https://api.openai.com/v1"))
        #expect(openai.model == "gpt-4o-mini")
        #expect(openai.apiKeyEnvironmentVariable == "OPENAI_API_KEY")
        #expect(openai.concurrency == 8)
        #expect(openai.timeoutSeconds == 60)
        #expect(openai.maxRetries == 4)
        #expect(openai.stream)
        #expect(openai.parameters.isEmpty)
    }

    @Test("a llama-server backend defaults to one request at a time, 60 s timeout, 4 retries, streaming")
    func llamaServerDefaults() throws {
        let local = try #require(try load("valid.yaml").backend(named: "local"))
        #expect(local.concurrency == 1)
        #expect(local.timeoutSeconds == 60)
        #expect(local.maxRetries == 4)
        #expect(local.stream)
        #expect(local.modelPath == nil)
        #expect(local.threads == 1)
        #expect(local.contextSize == 2048)
        #expect(local.startupTimeoutSeconds == 120)
    }

    @Test("given values override the defaults, and params are kept as JSON")
    func overrides() throws {
        let managed = try #require(try load("valid.yaml").backend(named: "managed"))
        #expect(managed.modelPath == "/models/smol.gguf")
        #expect(managed.concurrency == 2)
        #expect(managed.timeoutSeconds == 30)
        #expect(managed.maxRetries == 0)
        #expect(managed.threads == 4)
        #expect(managed.stream == false)
        #expect(managed.parameters == ["temperature": .number(0), "max_tokens": .number(64)])
    }

    @Test("an unknown backend type is reported at the type line with the known types")
    func unknownType() throws {
        let problem = try problem("unknown-type.yaml")
        #expect(problem.line == 3)
        #expect(problem.message == "backend 'local': unknown type 'ollama' (expected one of: openai, llama-server, anthropic, stub)")
    }

    @Test("a key that belongs to another backend type is reported at its line")
    func unknownKey() throws {
        let problem = try problem("unknown-key.yaml")
        #expect(problem.line == 6)
        #expect(problem.message.hasPrefix("backend 'openai': 'model_path' is not an option of type openai (expected: "))
        #expect(problem.message.contains("base_url"))
    }

    @Test("an openai backend without base_url is reported at the entry")
    func missingBaseURL() throws {
        let problem = try problem("openai-missing-base-url.yaml")
        #expect(problem.line == 3)
        #expect(problem.message.contains("missing required field 'base_url'"))
    }

    @Test("an openai backend without model is reported at the entry")
    func missingModel() throws {
        let problem = try problem("openai-missing-model.yaml")
        #expect(problem.line == 3)
        #expect(problem.message == "backend 'openai': missing required field 'model'")
    }

    @Test("a llama-server backend with both url and model_path is rejected")
    func bothURLAndModelPath() throws {
        let problem = try problem("llama-url-and-model-path.yaml")
        #expect(problem.line == 3)
        #expect(problem.message.contains("needs exactly one of 'url'"))
    }

    @Test("a llama-server backend with neither url nor model_path is rejected")
    func neitherURLNorModelPath() throws {
        let problem = try problem("llama-no-server.yaml")
        #expect(problem.line == 3)
        #expect(problem.message.contains("needs exactly one of 'url'"))
    }

    @Test("a negative max_retries is reported at its line")
    func negativeMaxRetries() throws {
        let problem = try problem("negative-max-retries.yaml")
        #expect(problem.line == 6)
        #expect(problem.message == "backend 'openai': max_retries cannot be negative")
    }

    @Test("params that is not a mapping is reported at its line")
    func paramsNotMapping() throws {
        let problem = try problem("params-not-mapping.yaml")
        #expect(problem.line == 6)
        #expect(problem.message.hasPrefix("backend 'openai': params must be a mapping"))
    }

    @Test("a problem in every backend is reported for every backend")
    func everyBackendReported() throws {
        let error = #expect(throws: InvalidInput.self) { try load("every-backend-broken.yaml") }
        let problems = try #require(error?.problems)
        #expect(problems.map(\.line) == [3, 5, 9])
        #expect(problems.map { $0.message.prefix(while: { $0 != ":" }) } == ["backend 'first'", "backend 'second'", "backend 'third'"])
    }

    @Test("a missing config file is an error naming the path")
    func missingFile() {
        let error = #expect(throws: InvalidInput.self) { try load("no-such-config.yaml") }
        #expect(error?.problems.first?.file == TestFixtures.config("no-such-config.yaml"))
        #expect(error?.problems.first?.message.contains("no such file") == true)
    }

    @Test("the content hash ignores the API key's value and its variable name, but follows the model")
    func contentHash() throws {
        let first = try #require(try load("valid.yaml", environment: ["OPENAI_API_KEY": "sk-first"]).backend(named: "openai"))
        let second = try #require(try load("valid.yaml", environment: ["OPENAI_API_KEY": "sk-second"]).backend(named: "openai"))
        #expect(first.contentHash == second.contentHash)
        #expect(!first.contentHash.contains("sk-"))
        var renamedKey = first
        renamedKey.apiKeyEnvironmentVariable = "OTHER_KEY"
        #expect(renamedKey.contentHash == first.contentHash)
        var otherModel = first
        otherModel.model = "gpt-4o"
        #expect(otherModel.contentHash != first.contentHash)
        var otherParams = first
        otherParams.parameters = ["temperature": .number(0.7)]
        #expect(otherParams.contentHash != first.contentHash)
    }
}
