import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("Causes named right: a backend moved to another server, a prompt edit, as a process against the stub")
struct AttributionCommandTests {
    static let keyVariable = "EVALCTL_TEST_ATTRIBUTION_KEY"
    static let key = "sk-test-ATTRIBUTION-0123456789abcdef"

    static func config(into directory: TemporaryDirectory, baseURL: URL) throws {
        try EchoEvalSet.config(into: directory, baseURL: baseURL)
        try directory.write("evalctl.yaml", try String(contentsOfFile: directory.path("evalctl.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    model: gpt-stub\n", with: "    model: gpt-stub\n    api_key_env: \(keyVariable)\n"))
    }

    @Test("only base_url changes: compare notes it, the HTML labels changed outputs and marks the charts with it, no flake, no secret")
    func baseURLChanged() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let echo = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { echo.stop() }
        let other = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion(answering: "another server's answer")).handler)
        defer { other.stop() }
        let environment = [Self.keyVariable: Self.key]
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<8).map { "question \($0)" }, minPassRate: 0)
        try Self.config(into: directory, baseURL: echo.baseURL)
        let first = try await EvalctlProcess.run(["run", evalSet], in: directory, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        try Self.config(into: directory, baseURL: other.baseURL)
        let second = try await EvalctlProcess.run(["run", evalSet, "--html", "report.html"], in: directory, environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        let moved = "base_url \(echo.baseURL.absoluteString)/v1 → \(other.baseURL.absoluteString)/v1"

        let compare = try await EvalctlProcess.run(["compare", "1", "2"], in: directory, environment: environment)
        #expect(compare.stdout.contains("backend config changed: \(moved)"), "\(compare.stdout)\n\(compare.stderr)")

        let html = try String(contentsOfFile: directory.path("report.html"), encoding: .utf8)
        let parsed = try ParsedXML(html)
        let cells = parsed.elements.filter { $0.name == "td" }.map(\.text)
        #expect(cells.contains("backend config changed: \(moved)"), "the changed outputs are the server's")
        #expect(!cells.contains { $0.hasPrefix("generation noise") })
        let markers = parsed.elements.filter { $0.name == "title" && $0.ancestors.contains("svg") }.map(\.text)
        #expect(markers.contains { $0.contains("backend config changed: \(moved)") }, "the charts mark the move")
        #expect(html.contains("No case flipped."), "the flips are the new server's, not flakiness")

        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let identity = try #require(try await store.summary(ofRun: 2).suites.first?.suite.identity)
        #expect(identity.fields["api_key_env"] == .string(Self.keyVariable))
        for text in [identity.json, compare.stdout, compare.stderr, second.stdout, second.stderr, html] {
            #expect(!text.contains(Self.key))
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path("")) where file.hasPrefix("evals.sqlite") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.path(file)))
            #expect(bytes.range(of: Data(Self.key.utf8)) == nil, "\(file) holds the key")
        }
    }

    @Test("a prompt edit is noted as the prompt's change, not as eval set content with 0 cases, and its flips are not flaky")
    func promptEdited() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<8).map { "question \($0)" }, minPassRate: 0)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let first = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        try directory.write("echo/prompts/plain.yaml", "user: \"Answer: {{q}}\"\n")
        let second = try await EvalctlProcess.run(["run", evalSet, "--html", "report.html"], in: directory)
        #expect(second.status == 0, "\(second.stderr)")
        let compare = try await EvalctlProcess.run(["compare", "1", "2"], in: directory)
        #expect(compare.stdout.contains("prompt plain content changed"), "\(compare.stdout)\n\(compare.stderr)")
        #expect(!compare.stdout.contains("eval set content changed"))
        let html = try String(contentsOfFile: directory.path("report.html"), encoding: .utf8)
        #expect(html.contains("No case flipped."), "the 8 flips are the prompt's")
        #expect(html.contains("8 such flips not counted"))
        #expect(!html.contains("eval set content changed"))
        let markers = try ParsedXML(html).elements.filter { $0.name == "title" && $0.ancestors.contains("svg") }.map(\.text)
        #expect(markers.contains("prompt plain content changed"))
    }
}
