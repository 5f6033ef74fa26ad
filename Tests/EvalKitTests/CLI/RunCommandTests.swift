import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("evalctl run, as a process")
struct RunCommandTests {
    static let questions = (0..<20).map { "question \($0)" }

    @Test("all suites meeting min_pass_rate exit 0, and --format json prints the summary object")
    func passingRunExitsZero() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let result = try await EvalctlProcess.run(["run", evalSet, "--format", "json", "--junit", "reports/junit.xml"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect(summary["run_id"] == .number(1))
        #expect(summary["total"] == .number(20))
        #expect(summary["passed"] == .number(20))
        #expect(summary["failed"] == .number(0))
        #expect(summary["errored"] == .number(0))
        #expect(summary["pass_rate"] == .number(1))
        let suite = try #require(summary["suites"]?.arrayValue?.first)
        #expect(suite["evalset"] == .string("echo"))
        #expect(suite["evalset_version"] == .string("2"))
        #expect(suite["prompt"] == .string("plain"))
        #expect(suite["backend"] == .string("stub"))
        #expect(suite["model"] == .string("gpt-stub"))
        #expect(suite["evalset_hash"]?.stringValue?.count == 64)
        #expect(FileManager.default.fileExists(atPath: directory.path("reports/junit.xml")))
        #expect(FileManager.default.fileExists(atPath: directory.path("evals.sqlite")), "default database in the working directory")
    }

    @Test("a suite below its min_pass_rate exits 1")
    func belowThresholdExitsOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion(.fixed("wrong"))).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, minPassRate: 0.5)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let result = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("BELOW MIN"))
    }

    @Test("a case that ends in an error exits 3, which wins over a failing pass rate")
    func errorsExitThree() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion(.fixed("wrong")), script: [.error(.serverError)])
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, minPassRate: 0.5)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let result = try await EvalctlProcess.run(["run", evalSet, "--concurrency", "1", "--format", "json"], in: directory)
        #expect(result.status == 3)
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        #expect(summary["errored"] == .number(1))
        #expect(summary["total"] == .number(20), "the errored case is stored, not dropped")
    }

    @Test("bad input exits 2 before anything is sent or stored")
    func badInputExitsTwo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder()
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try directory.write("echo/cases.jsonl", "{\"id\": \"a\", \"vars\": {\"q\": \"x\"}, \"expected\": \"x\"}\n{not json\n")
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let result = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("echo/cases.jsonl:2:2: malformed JSON"))
        #expect(responder.receivedRequests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.path("evals.sqlite")))

        let unknownBackend = try await EvalctlProcess.run(["run", directory.path("echo"), "--backend", "nope"], in: directory)
        #expect(unknownBackend.status == 2)
        #expect(unknownBackend.stderr.contains("no backend 'nope'"))

        let badFlag = try await EvalctlProcess.run(["run", evalSet, "--repeat", "0"], in: directory)
        #expect(badFlag.status == 2)
    }

    @Test("a missing API key variable is a usage error naming the variable, and nothing is sent")
    func missingAPIKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder()
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    api_key_env: EVALCTL_TEST_UNSET_KEY")
        let result = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("EVALCTL_TEST_UNSET_KEY"))
        #expect(responder.receivedRequests.isEmpty)
    }

    @Test("the API key reaches the server but never the database, the output or the JUnit file")
    func apiKeyNeverStored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let secret = "sk-evalctl-secret-\(UUID().uuidString)"
        let responder = ScriptedResponder(default: .chatCompletion(), script: [.error(.invalidAPIKey)])
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "    api_key_env: EVALCTL_TEST_KEY")
        let result = try await EvalctlProcess.run(["run", evalSet, "--junit", "junit.xml"], in: directory, environment: ["EVALCTL_TEST_KEY": secret])
        #expect(result.status == 3, "one case got a 401")
        #expect(responder.receivedRequests.allSatisfy { $0.header("authorization") == "Bearer \(secret)" })
        var stored = Data()
        for file in ["evals.sqlite", "evals.sqlite-wal", "junit.xml"] {
            stored.append((try? Data(contentsOf: directory.url.appendingPathComponent(file))) ?? Data())
        }
        #expect(stored.count > 1000)
        #expect(stored.range(of: Data(secret.utf8)) == nil)
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        let show = try await EvalctlProcess.run(["runs", "show", "latest", "--format", "json"], in: directory)
        #expect(!show.stdout.contains(secret))
    }

    @Test("hostile model output keeps the JUnit file valid against the schema")
    func hostileOutputJUnit() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let hostile = ["nul \u{0} byte", "]]> end of CDATA", "<script>alert(1)</script>", "ansi \u{1B}[31mred",
                       "quote \" and ' and &amp;", "bell \u{7} and \u{FFFE}", "emoji 🧪 and RTL \u{202E}text"]
        let evalSet = try EchoEvalSet.write(into: directory, questions: hostile)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let result = try await EvalctlProcess.run(["run", evalSet, "--junit", "junit.xml"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let schema = RepositoryPaths.root.appendingPathComponent("Tests/Fixtures/junit/junit-10.xsd").path
        let xmllint = try await EvalctlProcess.runTool("xmllint", ["--noout", "--schema", schema, directory.path("junit.xml")])
        #expect(xmllint.status == 0, "\(xmllint.stderr)")
        let xml = try String(contentsOfFile: directory.path("junit.xml"), encoding: .utf8)
        #expect(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!xml.contains("\u{0}") && !xml.contains("\u{1B}"))
        #expect(xml.contains("classname=\"echo.plain.stub\""))
        #expect(xml.contains("name=\"case-0\""))
    }

    @Test("runs list and runs show read what run stored; unknown run ids exit 2")
    func runsListAndShow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion(.fixed("question 1"))).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, minPassRate: 0)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        _ = try await EvalctlProcess.run(["run", evalSet, "--db", "results/e.sqlite", "--tag", "nightly"], in: directory)
        let list = try await EvalctlProcess.run(["runs", "list", "--db", "results/e.sqlite"], in: directory)
        #expect(list.status == 0)
        #expect(list.stdout.contains("nightly"))
        #expect(list.stdout.contains("completed"))
        let show = try await EvalctlProcess.run(["runs", "show", "latest", "--format", "json"], in: directory,
                                          environment: ["EVALCTL_DB": directory.path("results/e.sqlite")])
        #expect(show.status == 0, "\(show.stderr)")
        let detail = try JSONValue(parsing: Data(show.stdout.utf8))
        #expect(detail["passed"] == .number(1))
        #expect(detail["results"]?.arrayValue?.count == 20)
        let text = try await EvalctlProcess.run(["runs", "show", "1", "--db", "results/e.sqlite"], in: directory)
        #expect(text.stdout.contains("FAILED  echo/case-0"))
        let missing = try await EvalctlProcess.run(["runs", "show", "42", "--db", "results/e.sqlite"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no run '42'"))
    }
}

extension EvalctlProcess {
    /// Runs a system tool; failing loudly (not skipping) when it is missing, since CI installs it.
    static func runTool(_ name: String, _ arguments: [String]) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return await collect(process, out, err)
    }
}
