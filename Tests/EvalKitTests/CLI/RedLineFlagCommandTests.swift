import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Red lines and review flags, as a process")
struct RedLineFlagCommandTests {
    static let questions = ["question 0", "question 1"]

    @Test("a PII red line fails the case; its flag shows in runs show (text and JSON) and in the JUnit case")
    func runAndShow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion(.fixed("Call me at +44 20 7946 0958"))).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, minPassRate: 0, scorers: """
            - {type: red_line_pii}
            flag:
              - {scorer: red_line_pii, when: failed}
            """)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let run = try await EvalctlProcess.run(["run", evalSet, "--junit", "junit.xml"], in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let show = try await EvalctlProcess.run(["runs", "show", "latest"], in: directory)
        #expect(show.stdout.contains("flagged for review (2):"), "\(show.stdout)")
        #expect(show.stdout.contains("FLAGGED  echo/case-0  [plain @ stub]  red_line_pii failed (score 0, threshold 1)"))
        #expect(show.stdout.contains("red_line_pii: red line: phone number \"+44 …\" at line 1, column 12"), "\(show.stdout)")
        #expect(!show.stdout.contains("7946 0958"), "the number is masked")
        let json = try JSONValue(parsing: Data(try await EvalctlProcess.run(["runs", "show", "latest", "--format", "json"], in: directory).stdout.utf8))
        let flags = json["results"]?.arrayValue?.compactMap { $0["flags"] }
        #expect(flags == Array(repeating: .array([.string("red_line_pii failed (score 0, threshold 1)")]), count: 2))
        let junit = try String(contentsOfFile: directory.path("junit.xml"), encoding: .utf8)
        #expect(junit.contains("flagged for review: red_line_pii failed (score 0, threshold 1)"))
    }

    @Test("a bad flag rule stops lint and run at its line, with did-you-mean")
    func badRule() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: Self.questions, scorers: """
            - {type: exact}
            flag:
              - {scorer: exat, when: failed}
            """)
        let lint = try await EvalctlProcess.run(["evalset", "lint", evalSet], in: directory)
        #expect(lint.status == 2)
        #expect(lint.stdout.contains("echo/evalset.yaml:9: flag rule: unknown scorer 'exat' (did you mean 'exact'?)"), "\(lint.stdout)")
    }
}
