import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl init and evalctl import, as a process")
struct InitAndImportCommandTests {
    @Test("init writes a project whose default backend (the bundled stub) runs at once, prints the next commands, and never overwrites")
    func initRuns() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let created = try await EvalctlProcess.run(["init", "project"], in: directory)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("next:\n  cd project\n  evalctl run evalsets/starter --tag baseline\n  evalctl runs show latest\n"), "\(created.stdout)")
        let config = try String(contentsOfFile: directory.path("project/evalctl.yaml"), encoding: .utf8)
        #expect(config.hasPrefix("# yaml-language-server: $schema=.evalctl/schemas/evalctl.schema.json\n"))
        for schema in BundledSchema.allCases {
            #expect(try String(contentsOfFile: directory.path("project/.evalctl/schemas/\(schema.fileName)"), encoding: .utf8) == schema.text)
        }
        #expect(EvalSetLoader.standard.lint(directory.path("project/evalsets/starter")).isEmpty)

        let project = try TemporaryDirectory.existing(directory.url.appendingPathComponent("project"))
        let run = try await EvalctlProcess.run(["run", "evalsets/starter", "--tag", "baseline", "--format", "json"], in: project)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONValue(parsing: Data(run.stdout.utf8))
        let suite = try #require(summary["suites"]?.arrayValue?.first)
        #expect(suite["total"] == .number(5) && suite["passed"] == .number(5), "\(run.stdout)")

        // A second init changes nothing and says which files are in the way.
        let before = try Data(contentsOf: project.url.appendingPathComponent("evalsets/starter/cases.jsonl"))
        let again = try await EvalctlProcess.run(["init"], in: project)
        #expect(again.status == 2)
        #expect(again.stderr.contains("evalctl.yaml") && again.stderr.contains("never overwrites"), "\(again.stderr)")
        #expect(try Data(contentsOf: project.url.appendingPathComponent("evalsets/starter/cases.jsonl")) == before)
        let gitignore = try String(contentsOfFile: project.path(".gitignore"), encoding: .utf8)
        #expect(gitignore.contains("evals.sqlite"))
    }

    @Test("init --backend openai, anthropic and llama put that backend first and keep the stub; a bad name or a file as the folder exits 2")
    func initBackends() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (backend, first) in [("openai", "openai"), ("anthropic", "anthropic"), ("llama", "local")] {
            let result = try await EvalctlProcess.run(["init", backend, "--backend", backend], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let config = try EvalConfig.load(path: directory.path("\(backend)/evalctl.yaml"), environment: [:])
            #expect(config.backends.map(\.name) == [first, "stub"])
        }
        #expect(try String(contentsOfFile: directory.path("openai/evalctl.yaml"), encoding: .utf8).contains("api_key_env: OPENAI_API_KEY"))
        let badName = try await EvalctlProcess.run(["init", "x", "--name", "Not A Name"], in: directory)
        #expect(badName.status == 2 && badName.stderr.contains("cannot name an eval set"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("x/evalctl.yaml")))
        try directory.write("afile", "")
        let onFile = try await EvalctlProcess.run(["init", "afile"], in: directory)
        #expect(onFile.status == 2 && onFile.stderr.contains("is a file"))
        let badBackend = try await EvalctlProcess.run(["init", "y", "--backend", "ollama"], in: directory)
        #expect(badBackend.status == 2)
    }

    @Test("import openai-evals writes sets that run: Match passes an answer that starts with the ideal, not one that only contains it")
    func importAndRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = EvalSetImportTests.openAIEvals("test-basic").path
        let imported = try await EvalctlProcess.run(["import", "openai-evals", file, "--eval", "test-match"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 3 cases, 1 prompt and scorers match into evalsets/test-match"), "\(imported.stdout)")
        #expect(imported.stdout.contains("evalctl run evalsets/test-match --backend NAME"))

        // Answers keyed by the last user message: two start with the ideal, one has it only inside.
        let answers = ["Once upon a ": "time, there was", "The first US president was ": "George Washington.", "OpenAI was founded in 20": "in 2015"]
        let server = try StubHTTPServer { request in
            let chat = try? StubChatRequest(request)
            return StubBehavior.chatCompletion(answering: answers[chat?.lastUserText ?? ""] ?? "?").response(to: request)
        }
        defer { server.stop() }
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let run = try await EvalctlProcess.run(["run", "evalsets/test-match", "--format", "json"], in: directory)
        #expect(run.status == 1, "below min_pass_rate 1: \(run.stderr)")
        let suite = try #require(try JSONValue(parsing: Data(run.stdout.utf8))["suites"]?.arrayValue?.first)
        #expect(suite["passed"] == .number(2) && suite["failed"] == .number(1), "\(run.stdout)")
    }

    @Test("import promptfoo exits 2 and writes nothing when something is left out; --allow-partial writes the rest and exits 0")
    func importPartial() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = EvalSetImportTests.promptfoo("simple-test").path
        let refused = try await EvalctlProcess.run(["import", "promptfoo", config, "--to", "evalsets/simple"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stdout.contains("promptfooconfig.yaml:32: javascript assertion is not imported"), "\(refused.stdout)")
        #expect(refused.stdout.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("evalsets/simple")))

        let partial = try await EvalctlProcess.run(["import", "promptfoo", config, "--to", "evalsets/simple", "--allow-partial", "--judge-backend", "grader"], in: directory)
        #expect(partial.status == 0, "\(partial.stdout)\(partial.stderr)")
        let lint = try await EvalctlProcess.run(["evalset", "lint", "evalsets/simple"], in: directory)
        #expect(lint.status == 0, "\(lint.stdout)")
        let again = try await EvalctlProcess.run(["import", "promptfoo", config, "--to", "evalsets/simple", "--allow-partial"], in: directory)
        #expect(again.status == 2 && again.stderr.contains("never overwrites"))
        let missing = try await EvalctlProcess.run(["import", "promptfoo", "nope.yaml"], in: directory)
        #expect(missing.status == 2 && missing.stderr.contains("nope.yaml: no such file"), "\(missing.stderr)")
    }
}
