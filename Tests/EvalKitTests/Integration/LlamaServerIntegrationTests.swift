import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import EvalKit

/// Against the real llama.cpp server and SmolLM2-135M-Instruct that `make llama` installs (`make test` does it first).
@Suite("llama.cpp integration", .serialized)
struct LlamaServerIntegrationTests {
    static let modelPath = LlamaServerLocator().cacheDirectory + "/llama/models/SmolLM2-135M-Instruct.Q4_1.gguf"

    static func requireInstall() throws -> String {
        guard FileManager.default.fileExists(atPath: modelPath) else {
            Issue.record("the local model is not installed at \(modelPath): run `make llama` (make test does it)")
            throw CancellationError()
        }
        return try LlamaServerLocator().locate(configured: nil)
    }

    /// The first `count` cases of the bundled eval set, as a new eval set directory.
    static func sliceOfWorldFacts(_ count: Int, into directory: TemporaryDirectory) throws -> String {
        let source = URL(fileURLWithPath: RepositoryPaths.worldFacts)
        let target = directory.url.appendingPathComponent("world-facts-slice")
        try FileManager.default.copyItem(at: source, to: target)
        let cases = try String(contentsOf: target.appendingPathComponent("cases.jsonl"), encoding: .utf8)
        let slice = cases.split(separator: "\n").prefix(count).joined(separator: "\n") + "\n"
        try slice.write(to: target.appendingPathComponent("cases.jsonl"), atomically: true, encoding: .utf8)
        return target.path
    }

    @Test("the bundled eval set runs end to end against the real model, streaming, with every result stored")
    func runsBundledSlice() async throws {
        _ = try Self.requireInstall()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try Self.sliceOfWorldFacts(12, into: directory)
        try directory.write("evalctl.yaml", """
            backends:
              local:
                type: llama-server
                model_path: \(Self.modelPath)
                params: {temperature: 0, max_tokens: 16, seed: 7}
            """)
        var options = RunOptions(evalSetPaths: [evalSet], databasePath: directory.path("evals.sqlite"))
        options.configPath = directory.path("evalctl.yaml")
        options.junitPath = directory.path("junit.xml")
        let outcome = try await RunOrchestrator(options: options).run(progress: SilentProgress())
        #expect(outcome.failure == nil)
        #expect(outcome.summary.total == 12)
        #expect(outcome.summary.errored == 0)
        // SmolLM2-135M answers some capitals with the few-shot prompt (France among them in every build tried).
        #expect(outcome.summary.passed >= 1)
        let results = try await SQLiteStore(path: options.databasePath).results(ofRun: outcome.summary.run.id)
        #expect(results.count == 12)
        for stored in results {
            let result = stored.result
            #expect(result.model == "SmolLM2-135M-Instruct.Q4_1")
            #expect(!(result.output ?? "").isEmpty)
            #expect((result.completionTokens ?? 0) > 0)
            #expect((result.promptTokens ?? 0) > 0)
            let latency = try #require(result.latencyMs)
            let ttft = try #require(result.ttftMs, "streaming records time to first token")
            #expect(ttft > 0 && ttft <= latency)
            #expect(result.request.contains("Reply with the answer only"))
            #expect(stored.scores.count == 1)
        }
        #expect(FileManager.default.fileExists(atPath: options.junitPath!))
        #expect(ChildProcessRegistry.shared.isEmpty, "the managed server was stopped")
    }

    @Test("a managed server answers /health once started and is gone after stop")
    func managedServerLifecycle() async throws {
        let binary = try Self.requireInstall()
        let server = ManagedLlamaServer(binary: binary, modelPath: Self.modelPath, alias: "smol", threads: 1,
                                        contextSize: 512, parallel: 1, startupTimeout: 60)
        let baseURL = try await server.start()
        let (_, response) = try await URLSession.shared.data(from: baseURL.appendingPathComponent("health"))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        await server.stop()
        await #expect(throws: (any Error).self) {
            _ = try await URLSession.shared.data(from: baseURL.appendingPathComponent("health"))
        }
    }

    @Test("80 requests in a row to the real server complete although it closes every connection")
    func manySequentialRequests() async throws {
        // URLSession stalled on this in most runs (swift-corelibs-libdispatch #833): no retries, so a stall fails here.
        let binary = try Self.requireInstall()
        let server = ManagedLlamaServer(binary: binary, modelPath: Self.modelPath, alias: "smol", threads: 1,
                                        contextSize: 512, parallel: 1, startupTimeout: 60)
        let baseURL = try await server.start()
        let backend = OpenAIChatBackend(
            name: "local", baseURL: baseURL.appendingPathComponent("v1"), model: "smol",
            parameters: ["max_tokens": .number(2), "temperature": .number(0)], concurrency: 1, timeoutSeconds: 10,
            retryPolicy: RetryPolicy(maxRetries: 0))
        do {
            for index in 0..<80 {
                let completion = try await backend.complete(ChatRequest(messages: [ChatMessage(role: .user, content: "Say \(index)")]))
                #expect(completion.attempts == 1)
            }
        } catch {
            Issue.record("request failed: \(error)")
        }
        await backend.shutdown()
        await server.stop()
    }

    @Test("the real model as judge gives a score on the scale or an error that keeps its reply, never garbage")
    func realJudge() async throws {
        let binary = try Self.requireInstall()
        let server = ManagedLlamaServer(binary: binary, modelPath: Self.modelPath, alias: "smol", threads: 1,
                                        contextSize: 1024, parallel: 1, startupTimeout: 60)
        let baseURL = try await server.start()
        let backend = OpenAIChatBackend(name: "judge", baseURL: baseURL.appendingPathComponent("v1"), model: "smol",
                                        parameters: ["max_tokens": .number(48)], concurrency: 1, timeoutSeconds: 30)
        let judge = JudgeScorer(backendName: "judge", rubric: try PromptTemplate("Question: {{question}}\nAnswer: {{output}}\nIs the answer correct?"),
                                scale: .binary, judge: StartedBackend(backend, model: "smol"))
        let evalCase = EvalCase(id: "c", vars: ["question": .string("What is the capital of France?")], expected: .string("Paris"))
        do {
            let score = try await judge.score(ScoringInput(evalCase: evalCase, output: "Paris"))
            #expect(score.value == 0 || score.value == 1)
            #expect(score.details?["replies"]?.arrayValue?.count == 1)
        } catch let failure as JudgeReplyParser.Failure {
            #expect(failure.description.contains("reply:"), "an unusable verdict is an error that keeps the reply")
        }
        await backend.shutdown()
        await server.stop()
    }

    @Test("a model file that does not exist fails to start with a clear reason")
    func missingModelFile() async throws {
        let binary = try Self.requireInstall()
        let server = ManagedLlamaServer(binary: binary, modelPath: "/nonexistent/model.gguf", alias: "x", threads: 1,
                                        contextSize: 512, parallel: 1, startupTimeout: 10)
        await #expect(throws: BackendError.self) { _ = try await server.start() }
    }
}
