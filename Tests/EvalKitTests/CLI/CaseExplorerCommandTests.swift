import EvalStub
import Foundation
import Testing
@testable import EvalKit

@Suite("evalctl report --cases, as a process")
struct CaseExplorerCommandTests {
    @Test("report --cases writes the explorer of a run, with expected answers from its eval set, and --against pairs two runs")
    func writesExplorer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder().handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["</script><script>alert(1)</script>", "plain question"])
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        for _ in 0..<2 {
            let run = try await EvalctlProcess.run(["run", evalSet], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let single = try await EvalctlProcess.run(["report", "--cases", "latest", "--html", "out/cases.html"], in: directory)
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stderr.contains("Case explorer: out/cases.html (run 2: 2 cases in 1 eval set × prompt × backend"))
        let file = try ExplorerFile(path: directory.path("out/cases.html"))
        let entries = try file.entries()
        #expect(entries.count == 2)
        #expect(entries.contains { $0["ex"] == .string("</script><script>alert(1)</script>") }, "expected answers come from the eval set the run recorded")
        #expect(file.scripts.filter { !$0.tag.contains("application/json") }.count == 1)
        let paired = try await EvalctlProcess.run(["report", "--cases", "2", "--against", "1", "--html", "pair.html"], in: directory)
        #expect(paired.status == 0, "\(paired.stderr)")
        let pairs = try ExplorerFile(path: directory.path("pair.html")).entries()
        #expect(pairs.count == 2 && pairs.allSatisfy { $0["pair"] == .string("paired") && $0["same"] == .bool(true) })
    }

    @Test("an unknown run exits 2 and names it; --cases with trend options, or --against alone, is refused")
    func badUsage() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await ExplorerRun(cases: [.init(id: "c-1", status: .passed, output: "ok")]).store(into: store)
        let unknown = try await EvalctlProcess.run(["report", "--cases", "nightly", "--html", "cases.html"], in: directory)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no run is tagged 'nightly'"), "\(unknown.stderr)")
        let unknownAgainst = try await EvalctlProcess.run(["report", "--cases", "1", "--against", "7", "--html", "cases.html"], in: directory)
        #expect(unknownAgainst.status == 2 && unknownAgainst.stderr.contains("no run '7'"), "\(unknownAgainst.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("cases.html")))
        for trend in [["--since", "30d"], ["--last", "3"], ["--evalset", "qa"]] {
            let mixed = try await EvalctlProcess.run(["report", "--cases", "1", "--html", "cases.html"] + trend, in: directory)
            #expect(mixed.status == 2)
            #expect(mixed.stderr.contains("--cases writes the cases of one run"), "\(mixed.stderr)")
        }
        let alone = try await EvalctlProcess.run(["report", "--against", "1", "--html", "cases.html"], in: directory)
        #expect(alone.status == 2 && alone.stderr.contains("--against needs --cases"), "\(alone.stderr)")
    }
}
