import Foundation
import Testing
@testable import EvalKit

@Suite("HTML report")
struct HTMLReportTests {
    static let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"

    /// Ten nightly runs where one case's output is hostile and flips, and the model changes at run 7.
    static func hostileHistory(_ store: SQLiteStore) async throws {
        for night in 0..<10 {
            var suite = SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<40).map { index in
                let passes = index >= 10 && !(index == 12 && night % 2 == 1) && !(night >= 6 && index < 20)
                return .init(id: index == 12 ? "case-<b>12</b>" : "case-\(index)", values: [passes ? 1 : 0],
                             output: index == 12 ? Self.hostile + " night \(night % 2)" : "answer \(index)")
            })
            suite.model = night >= 6 ? "model-b" : "model-a"
            try await SyntheticRun(id: Int64(night + 1), suites: [suite])
                .store(into: store, startedAt: RunHistoryTests.start.addingTimeInterval(Double(night) * RunHistoryTests.day))
        }
    }

    @Test("model output and case ids are escaped everywhere: the page runs nothing and stays well-formed")
    func escapesEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await Self.hostileHistory(store)
        let html = try await HTMLReport.load(store: store, filter: HistoryFilter(), driftMinimumShift: 0.02).html()
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>12</b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Content-Security-Policy"))
        let parsed = try ParsedXML(html)
        #expect(!parsed.elements.contains { $0.name == "script" || $0.name == "img" || $0.name == "iframe" })
        #expect(!parsed.elements.contains { $0.attributes.keys.contains { $0.lowercased().hasPrefix("on") } })
        #expect(!parsed.elements.contains { ($0.attributes["href"] ?? "#").first != "#" }, "no link leaves the page")
    }

    @Test("the report has a chart per scorer and for latency and tokens, change markers, links to every run, and the comparison")
    func reportContents() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await Self.hostileHistory(store)
        let report = try await HTMLReport.load(store: store, filter: HistoryFilter(), driftMinimumShift: 0.02)
        let parsed = try ParsedXML(report.html())
        let charts = parsed.elements.filter { $0.name == "svg" && $0.has(class: "chart") }
        #expect(charts.count == 3, "exact pass rate, latency, tokens (no TTFT, no prices)")
        let ids = Set(parsed.elements.compactMap { $0.attributes["id"] })
        let targets = Set(parsed.elements.compactMap { $0.attributes["href"] }.map { String($0.dropFirst()) })
        #expect(targets.isSubset(of: ids), "every link has its target: \(targets.subtracting(ids))")
        #expect((1...10).allSatisfy { ids.contains("run-\($0)") })
        #expect(report.comparison?.candidate.run.id == 10 && report.comparison?.baseline.run.id == 9)
        #expect(report.cases.flaky.first?.caseID == "case-<b>12</b>", "flips every night")
        #expect(report.cases.flaky.count == 1, "the other cases of 10–19 flipped once, at the model change: the change's, not flakiness")
        #expect(report.cases.explainedFlips == 9)
        #expect(report.drift?.drifted.contains { $0.metric == "exact pass rate" } == true)
        let text = parsed.elements.map(\.text).joined(separator: " ")
        #expect(text.contains("model model-a → model-b"))
        #expect(text.contains("Flipped cases"))
    }

    @Test("an inconclusive comparison is headed ⚠️ inconclusive with its reason and cases needed, never as no regression")
    func inconclusiveComparison() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await Self.hostileHistory(store)
        // Run 10 against run 9: one case flips on 40 cases, far below what 40 cases can detect.
        let report = try await HTMLReport.load(store: store, filter: HistoryFilter())
        #expect(report.comparison?.verdict == .inconclusive)
        let html = report.html()
        #expect(html.contains("<span class=\"inconclusive\">⚠️ inconclusive</span></h2>"))
        #expect(html.contains("paired cases needed"))
        #expect(html.contains("<span class=\"inconclusive\">⚠️ INCONCLUSIVE</span>"))
        #expect(html.contains("<span class=\"inconclusive\">⚠️ gate inconclusive</span>"), "the at-a-glance row says so too")
        #expect(!html.contains(">no regression<"))
        _ = try ParsedXML(html)
    }

    @Test("focused on a run, the comparison is that run against the given baseline")
    func focusedReport() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await Self.hostileHistory(store)
        let report = try await HTMLReport.load(store: store, filter: HistoryFilter(), focusRunID: 8, baselineID: 2)
        #expect(report.comparison?.candidate.run.id == 8 && report.comparison?.baseline.run.id == 2)
        #expect(report.comparison?.hasRegression == true)
        #expect(report.html().contains("focused on run"))
        let previous = try await HTMLReport.load(store: store, filter: HistoryFilter(), focusRunID: 8)
        #expect(previous.comparison?.baseline.run.id == 7)
        let empty = try await HTMLReport.load(store: store, filter: HistoryFilter(since: Date()))
        #expect(empty.history.runs.isEmpty && empty.comparison == nil)
    }

    @Test("--evalset limits the comparison to the eval sets shown, not only the charts")
    func evalsetFilterReachesComparison() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let other = SuiteKey(evalset: "other", promptID: "p", backend: "b")
        for night in 0..<3 {
            let qa = SyntheticRun.passFail(id: 1, count: 20, failing: night).suites[0]
            let second = SyntheticRun.passFail(id: 1, count: 20, failing: 0, key: other).suites[0]
            try await SyntheticRun(id: Int64(night + 1), suites: [qa, second])
                .store(into: store, startedAt: RunHistoryTests.start.addingTimeInterval(Double(night) * RunHistoryTests.day))
        }
        let report = try await HTMLReport.load(store: store, filter: HistoryFilter(evalsets: ["qa"]))
        #expect(report.history.suites.map(\.key.evalset) == ["qa"])
        #expect(report.comparison?.scorers.map(\.suite.evalset) == ["qa"])
        let everything = try await HTMLReport.load(store: store, filter: HistoryFilter())
        #expect(everything.comparison?.scorers.map(\.suite.evalset) == ["other", "qa"])
    }
}
