import EvalStub
import Foundation
import Testing
@testable import EvalKit

/// The CI recipes in docs/compare-and-gate.md, run as written: a regression must still leave a PR comment behind.
@Suite("the documented CI recipes, run under bash -e")
struct CIRecipeTests {
    static let page = RepositoryPaths.root.appendingPathComponent("docs/compare-and-gate.md")

    /// The shell lines of the GitHub Actions step `pull requests are gated against it` (its `run: |` block).
    static func githubLines(_ page: MarkdownPage) throws -> [String] {
        let block = try #require(page.codeBlocks.first { $0.contains { $0.contains("pull requests are gated against it") } })
        let start = try #require(block.firstIndex { $0.contains("pull requests are gated against it") })
        let run = try #require(block[start...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
        let indent = block[run].prefix { $0 == " " }.count
        let body = block[(run + 1)...].prefix { $0.prefix { $0 == " " }.count > indent }
        return body.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The `script:` list of the GitLab CI job.
    static func gitlabLines(_ page: MarkdownPage) throws -> [String] {
        let block = try #require(page.codeBlocks.first { $0.contains { $0.trimmingCharacters(in: .whitespaces) == "script:" } })
        let start = try #require(block.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "script:" })
        let items = block[(start + 1)...].prefix { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
        return items.map { String($0.trimmingCharacters(in: .whitespaces).dropFirst(2)) }
    }

    @Test("GitHub Actions and GitLab CI recipes exit 1 on a regression and still write the comment", arguments: ["github", "gitlab"])
    func recipeKeepsExitCodeAndWritesComment(_ ci: String) async throws {
        let page = try MarkdownPage(url: Self.page)
        let lines = try ci == "github" ? Self.githubLines(page) : Self.gitlabLines(page)
        #expect(lines.contains { $0.hasPrefix("evalctl run ") } && lines.contains { $0.hasPrefix("evalctl compare ") }, "\(lines)")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try EchoEvalSet.write(into: directory, name: "evalsets/world-facts", questions: GateCommandTests.questions, minPassRate: 0.5)
        let good = try StubHTTPServer(handler: ScriptedResponder().handler)
        try EchoEvalSet.config(into: directory, baseURL: good.baseURL)
        let baseline = try await EvalctlProcess.run(["run", "evalsets/world-facts", "--tag", "main"], in: directory)
        good.stop()
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let worse = try StubHTTPServer(handler: ScriptedResponder(script: Array(repeating: .chatCompletion(answering: "wrong"), count: 12)).handler)
        defer { worse.stop() }
        try EchoEvalSet.config(into: directory, baseURL: worse.baseURL)
        let binaries = URL(fileURLWithPath: EvalctlProcess.binary).deletingLastPathComponent().path
        let prelude = ["cd '\(directory.url.path)'", "export PATH='\(binaries)':\"$PATH\"", "unset EVALCTL_DB"]
        try directory.write("recipe.sh", (prelude + lines).joined(separator: "\n") + "\n")
        let script = try await EvalctlProcess.runTool("bash", ["-e", directory.path("recipe.sh")])
        #expect(script.status == 1, "the run's exit code (a regression) survives: \(script.stderr)")
        #expect(script.stdout.contains("REGRESSION"), "\(script.stdout)\n\(script.stderr)")
        let comment = try String(contentsOfFile: directory.path("reports/eval-comment.md"), encoding: .utf8)
        #expect(comment.hasPrefix("### ❌ evalctl: regression in run 2 against run 1"))
    }
}
