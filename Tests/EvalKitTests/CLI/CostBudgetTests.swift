import EvalStub
import Foundation
import GRDB
import Testing
@testable import EvalKit

@Suite("evalctl run --max-cost: a budget stops scheduling, skips the rest, and says what it cost")
struct CostBudgetTests {
    /// The stub reports usage (see `OpenAIWire`); at these prices each echo answer costs a few cents.
    static let prices = "    cost_per_mtok: {input: 1000, output: 2000}"

    @Test("at the budget nothing new is sent; the rest is stored as skipped, JUnit <skipped>, exit 3 and a clear line")
    func stopsAtBudget() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<40).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: Self.prices)
        let result = try await EvalctlProcess.run(["run", evalSet, "--max-cost", "0.1", "--concurrency", "2", "--format", "json",
                                                   "--junit", "junit.xml"], in: directory)
        #expect(result.status == 3, "\(result.stderr)")
        let summary = try JSONValue(parsing: Data(result.stdout.utf8))
        let answered = Int(summary["total"]?.doubleValue ?? -1), skipped = Int(summary["skipped"]?.doubleValue ?? -1)
        #expect(answered + skipped == 40)
        #expect(answered >= 1 && skipped >= 1)
        #expect(responder.receivedRequests.count == answered, "skipped cells were never sent")
        let cost = try #require(summary["cost_usd"]?.doubleValue)
        let perAnswer = cost / Double(answered)
        #expect(cost >= 0.1 - perAnswer, "it spent up to the budget")
        #expect(cost < 0.1 + 2 * perAnswer, "it overshot by at most what was in flight (concurrency 2)")
        #expect(summary["status"] == .string("budget-stopped"))
        #expect(result.stderr.contains("stopped at the cost budget: $"))
        #expect(result.stderr.contains("\(skipped) of 40 cases skipped"))
        let junit = try String(contentsOfFile: directory.path("junit.xml"), encoding: .utf8)
        #expect(junit.components(separatedBy: "<skipped message=\"not sent: the run reached its cost budget of $0.10\"").count - 1 == skipped)
        #expect(junit.contains("skipped=\"\(skipped)\""))

        // Resuming sends the skipped cells (with a fresh budget for what is left), and none twice.
        let resumed = try await EvalctlProcess.run(["run", "--resume", "latest", "--format", "json"], in: directory)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let after = try JSONValue(parsing: Data(resumed.stdout.utf8))
        #expect(after["total"] == .number(40) && after["skipped"] == .number(0))
        #expect(responder.receivedRequests.count == 40)
    }

    @Test("a budget-stopped run gets its --html report, listed with what it skipped; no trend point, no drift input")
    func budgetStoppedHTML() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<40).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: Self.prices)
        #expect(try await EvalctlProcess.run(["run", evalSet], in: directory).status == 0)
        let stopped = try await EvalctlProcess.run(["run", evalSet, "--max-cost", "0.1", "--concurrency", "2", "--format", "json",
                                                    "--html", "report.html"], in: directory)
        #expect(stopped.status == 3, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("HTML report: report.html"), "\(stopped.stderr)")
        let skipped = Int(try JSONValue(parsing: Data(stopped.stdout.utf8))["skipped"]?.doubleValue ?? -1)
        #expect(skipped >= 1)
        let html = try String(contentsOfFile: directory.path("report.html"), encoding: .utf8)
        #expect(html.contains("<tr id=\"run-2\" class=\"focus\">"), "the run is in the runs table")
        #expect(html.contains("budget-stopped · <span class=\"regression\">\(skipped) skipped (cost budget)</span>"))
        #expect(html.contains("1 completed run,"), "only the completed run is a trend point")
        #expect(html.contains("Run 2 stopped at its cost budget: a partial run is not compared"))
        let drift = try await EvalctlProcess.run(["drift", "--dry-run", "--format", "json"], in: directory)
        #expect(try JSONValue(parsing: Data(drift.stdout.utf8))["runs"] == .array([.number(1)]), "drift reads completed runs only")
    }

    @Test("a budget with an unpriced backend is a usage error before anything is sent")
    func unpricedBackend() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: ["a", "b"])
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let result = try await EvalctlProcess.run(["run", evalSet, "--max-cost", "5"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("backend 'stub' has no cost_per_mtok"))
        #expect(responder.receivedRequests.isEmpty)
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: "max_cost_usd: 5")
        let configured = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(configured.status == 2, "max_cost_usd in the config is the same budget")
        #expect(try await EvalctlProcess.run(["run", evalSet, "--max-cost", "-1"], in: directory).status == 2)
        #expect(responder.receivedRequests.isEmpty)
    }

    @Test("cost per run, suite and backend, and answers vs judging, in runs show, the JSON summary and the HTML report; cache hits cost nothing")
    func costFigures() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try StubHTTPServer(handler: ScriptedResponder(default: .chatCompletion()).handler)
        defer { server.stop() }
        // Two suites of different sizes, so each suite's cost differs from the other's and from the run's.
        let small = try EchoEvalSet.write(into: directory, name: "small", questions: (0..<2).map { "question \($0)" })
        let large = try EchoEvalSet.write(into: directory, name: "large", questions: (0..<6).map { "a longer question number \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL, extra: Self.prices)
        let paid = try await EvalctlProcess.run(["run", small, large, "--cache", "use", "--format", "json"], in: directory)
        #expect(paid.status == 0, "\(paid.stderr)")
        let summary = try JSONValue(parsing: Data(paid.stdout.utf8))
        let cost = try #require(summary["cost_usd"]?.doubleValue)
        #expect(cost > 0)
        #expect(summary["generation_cost_usd"]?.doubleValue == cost)
        #expect(summary["judging_cost_usd"] == .null)
        #expect(summary["cost_by_backend"]?["stub"]?.doubleValue == cost)
        let queue = try DatabaseQueue(path: directory.path("evals.sqlite"))
        let expected = try await queue.read { db in
            try [String: Double](uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT evalset, SUM((prompt_tokens * 1000.0 + completion_tokens * 2000.0) / 1000000) AS cost
                FROM results WHERE run_id = 1 GROUP BY evalset
                """).map { ($0["evalset"] as String, $0["cost"] as Double) })
        }
        let smallCost = try #require(expected["small"]), largeCost = try #require(expected["large"])
        #expect(abs(cost - (smallCost + largeCost)) < 1e-9, "the cost is the usage at the configured prices")
        #expect(CostBudget.dollars(smallCost) != CostBudget.dollars(largeCost))
        let suites = summary["suites"]?.arrayValue ?? []
        for suite in suites {
            let want = suite["evalset"] == .string("small") ? smallCost : largeCost
            #expect(abs((suite["cost_usd"]?.doubleValue ?? -1) - want) < 1e-9, "\(suite)")
        }

        let show = try await EvalctlProcess.run(["runs", "show", "1"], in: directory)
        let lines = show.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("EVAL SET") && $0.contains("COST") }, "\(show.stdout)")
        #expect(lines.contains { $0.hasPrefix("small v2") && $0.contains(CostBudget.dollars(smallCost)) }, "\(show.stdout)")
        #expect(lines.contains { $0.hasPrefix("large v2") && $0.contains(CostBudget.dollars(largeCost)) }, "\(show.stdout)")
        #expect(show.stdout.contains("cost: \(CostBudget.dollars(cost)) (answers \(CostBudget.dollars(cost)))"))

        let hits = try await EvalctlProcess.run(["run", small, large, "--cache", "use", "--format", "json", "--html", "report.html"], in: directory)
        #expect(try JSONValue(parsing: Data(hits.stdout.utf8))["cost_usd"] == .number(0))
        let html = try String(contentsOfFile: directory.path("report.html"), encoding: .utf8)
        #expect(html.contains("<th class=\"num\">from cache</th>"))
        let rowStart = try #require(html.range(of: "<tr id=\"run-1\">"))
        let row = String(html[rowStart.lowerBound...].prefix { $0 != "\n" })
        #expect(row.contains("<td class=\"num\">\(CostBudget.dollars(cost))</td>"), "the paid run's cost in the runs table: \(row)")
        #expect(row.contains("small / plain / stub ("), "\(row)")
        #expect(row.contains("): \(CostBudget.dollars(smallCost))"), "each suite's cost beside it: \(row)")
        #expect(row.contains("): \(CostBudget.dollars(largeCost))"), "\(row)")
        #expect(html.contains("2 of 2 answers from the cache"))
    }
}

@Suite("evalctl rescore: stored outputs scored again, nothing sent")
struct RescoreTests {
    @Test("a scorer fix rescored as a new run linked to its source; a changed prompt leaves its cases out, listed")
    func rescoreWithChangedScorer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let responder = ScriptedResponder(default: .chatCompletion())
        let server = try StubHTTPServer(handler: responder.handler)
        defer { server.stop() }
        let evalSet = try EchoEvalSet.write(into: directory, questions: (0..<8).map { "question \($0)" })
        try EchoEvalSet.config(into: directory, baseURL: server.baseURL)
        let first = try await EvalctlProcess.run(["run", evalSet], in: directory)
        #expect(first.status == 0)
        // The scorer now wants answers ending in 0-3: half the stored outputs fail it.
        _ = try EchoEvalSet.write(into: directory, questions: (0..<8).map { "question \($0)" }, minPassRate: 0.5,
                                  scorers: "- {type: regex, pattern: '[0-3]$'}")
        server.stop()
        let rescored = try await EvalctlProcess.run(["rescore", "1", "--format", "json"], in: directory)
        #expect(rescored.status == 0, "\(rescored.stderr)")
        #expect(responder.receivedRequests.count == 8, "no request was sent")
        let summary = try JSONValue(parsing: Data(rescored.stdout.utf8))
        #expect(summary["run_id"] == .number(2))
        #expect(summary["passed"] == .number(4))
        #expect(summary["failed"] == .number(4))
        #expect(rescored.stderr.contains("rescored run 1 as run 2: 8 outputs scored again"))
        let show = try await EvalctlProcess.run(["runs", "show", "2"], in: directory)
        #expect(show.stdout.contains("rescored from run 1"))

        try directory.write("echo/prompts/plain.yaml", "user: \"Q: {{q}}\"\n")
        let before = try await EvalctlProcess.run(["runs", "list", "--format", "json"], in: directory)
        let changed = try await EvalctlProcess.run(["rescore", "1"], in: directory)
        #expect(changed.status == 2, "nothing could be rescored: \(changed.stderr)")
        #expect(changed.stderr.contains("left out 8 results"))
        #expect(changed.stderr.contains("echo/case-0: its request changed since the run (prompt or vars)"))
        #expect(changed.stderr.contains("error: nothing could be rescored: every stored output of run 1 was left out, so no run was stored"))
        let after = try await EvalctlProcess.run(["runs", "list", "--format", "json"], in: directory)
        #expect(after.stdout == before.stdout, "a refused rescore stores no run: \(after.stdout)")
        let latest = try await EvalctlProcess.run(["runs", "show", "latest", "--format", "json"], in: directory)
        #expect(try JSONValue(parsing: Data(latest.stdout.utf8))["run_id"] == .number(2), "latest is still the last real rescore")
        let unknown = try await EvalctlProcess.run(["rescore", "99"], in: directory)
        #expect(unknown.status == 2)
    }
}
