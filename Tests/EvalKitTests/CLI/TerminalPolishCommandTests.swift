import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl's terminal output as a process: colour, width, one error prefix, did you mean")
struct TerminalPolishCommandTests {
    /// A `world-facts` eval set (every case passes on the echo stub) under evalsets/, and a config for `server`.
    static func setUp(_ directory: TemporaryDirectory, _ server: StubHTTPServer) throws {
        _ = try EchoEvalSet.write(into: directory, name: "evalsets/world-facts", questions: GateCommandTests.questions, minPassRate: 0.5)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
    }

    static let escape = "\u{1B}["

    @Test("no escape codes when output is not a terminal or with --color never; --color always colours verdicts only")
    func colourRules() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        try Self.setUp(directory, server)
        let piped = try await EvalctlProcess.run(["run", "evalsets/world-facts", "--tag", "main"], in: directory)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stdout.contains(Self.escape) && !piped.stderr.contains(Self.escape))
        let never = try await EvalctlProcess.run(["compare", "main", "latest", "--color", "never"], in: directory)
        #expect(never.status == 0 && !never.stdout.contains(Self.escape), "\(never.stderr)")
        // --margin 0.2: 40 unchanged cases rule out a 20-point drop, so the verdict is a true (green) no regression.
        let always = try await EvalctlProcess.run(["run", "evalsets/world-facts", "--color", "always", "--baseline", "main", "--margin", "0.2"], in: directory,
                                                  environment: ["NO_COLOR": "1"])
        #expect(always.status == 0, "\(always.stderr)")
        #expect(always.stdout.contains("\u{1B}[32mok\u{1B}[0m"), "the suite's verdict: \(always.stdout)")
        #expect(always.stdout.contains("gate: \u{1B}[32mno regression\u{1B}[0m"))
        #expect(!always.stdout.contains("\u{1B}[32mworld-facts"), "names are never coloured")
        let json = try await EvalctlProcess.run(["run", "evalsets/world-facts", "--color", "always", "--format", "json"], in: directory)
        #expect(json.status == 0 && !json.stdout.contains(Self.escape), "JSON is never coloured")
        let markdown = try await EvalctlProcess.run(["compare", "main", "latest", "--color", "always", "--format", "markdown"], in: directory)
        #expect(markdown.status == 0 && !markdown.stdout.contains(Self.escape), "Markdown is never coloured")
        let bad = try await EvalctlProcess.run(["compare", "main", "latest", "--color", "sometimes"], in: directory)
        #expect(bad.status == 2 && bad.stderr.hasPrefix("error: "), "\(bad.stderr)")
    }

    @Test("with COLUMNS=80 no summary line is wider than 80; without it (a pipe) the full table is unchanged")
    func narrowSummary() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        try Self.setUp(directory, server)
        let run = try await EvalctlProcess.run(["run", "evalsets/world-facts"], in: directory, environment: ["COLUMNS": "80"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(run.stdout)")
        #expect(run.stdout.contains("BACKEND/MODEL") && run.stdout.contains("world-facts v2 plain") && run.stdout.contains("stub/gpt-stub"))
        #expect(!run.stdout.contains("TTFT"))
        let full = try await EvalctlProcess.run(["runs", "show", "latest"], in: directory)
        #expect(full.stdout.contains("TTFT MS") && full.stdout.split(separator: "\n").contains { $0.count > 80 }, "\(full.stdout)")
        let wide = try await EvalctlProcess.run(["run", "evalsets/world-facts"], in: directory, environment: ["COLUMNS": "200"])
        #expect(wide.stdout.contains("TTFT MS"), "a wide terminal keeps the full table")
    }

    @Test("every error line starts with 'error: ', never 'Error:', for a bad flag, a missing value and a bad file")
    func oneErrorPrefix() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("evalctl.yaml", "backends: [\n")
        for arguments in [["run", "--bogus"], ["compare", "1"], ["gate"], ["run", "--repeat", "0", "x"], ["runs", "show", "1", "--db", "none.sqlite"],
                          ["run", "missing-dir"]] {
            let result = try await EvalctlProcess.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: "), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Error:"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("a misspelt --backend, --prompt, tag or eval-set directory gets 'did you mean', and nothing is sent")
    func didYouMean() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        try Self.setUp(directory, server)
        try directory.write("evalsets/notes/readme.txt", "not an eval set\n")
        let tagged = try await EvalctlProcess.run(["run", "evalsets/world-facts", "--tag", "main"], in: directory)
        #expect(tagged.status == 0, "\(tagged.stderr)")
        let cases: [([String], String)] = [
            (["run", "evalsets/world-facts", "--backend", "sutb"], "did you mean 'stub'?"),
            (["run", "evalsets/world-facts", "--prompt", "plian"], "did you mean 'plain'?"),
            (["run", "evalsets/wrold-facts"], "did you mean 'evalsets/world-facts'?"),
            (["run", "evalsets/world-facts", "--baseline", "mian"], "did you mean 'main'?"),
            (["compare", "mian", "latest"], "did you mean 'main'?"),
        ]
        for (arguments, hint) in cases {
            let result = try await EvalctlProcess.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(hint), "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: "), "\(arguments): \(result.stderr)")
        }
        #expect(server.requestCount == GateCommandTests.questions.count, "only the tagged run sent requests")
    }
}
