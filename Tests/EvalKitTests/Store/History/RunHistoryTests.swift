import Foundation
import Testing
@testable import EvalKit

@Suite("Run history: trends, per-case history and drift from the store")
struct RunHistoryTests {
    static let day = 86_400.0
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// `count` nightly runs of 100 cases; from `shiftAt` on the model changes and 15 more cases fail.
    static func nightly(_ store: any ResultStore, count: Int = 12, shiftAt: Int? = nil, flaky: Set<Int> = [50, 57]) async throws {
        for night in 0..<count {
            let shifted = shiftAt.map { night >= $0 } ?? false
            var suite = SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<100).map { index in
                let passes = index >= 20 && !(shifted && index < 35) && !(flaky.contains(index) && night % 2 == 1)
                return .init(id: "case-\(index)", values: [passes ? 1 : 0],
                             output: flaky.contains(index) ? "take \(night % 2) of \(index)" : (passes ? "right \(index)" : "wrong \(index)"))
            })
            suite.model = shifted ? "model-b" : "model-a"
            try await SyntheticRun(id: Int64(night + 1), suites: [suite])
                .store(into: store, startedAt: start.addingTimeInterval(Double(night) * day), latencyScale: shifted ? 1.5 : 1)
        }
    }

    @Test("history keeps completed runs in range, oldest first, with per-scorer figures, latency and changes", arguments: StoreKind.all)
    func historyFigures(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.nightly(store, shiftAt: 8)
            let interrupted = try await store.insertRun(RunRecord(startedAt: Self.start, finishedAt: nil, status: .interrupted,
                gitCommit: nil, evalctlVersion: "t", configHash: "c", tag: nil, hostname: "h", command: "c"))
            let history = try await store.history(HistoryFilter())
            #expect(history.runIDs == Array(1...12))
            #expect(!history.runIDs.contains(interrupted))
            let suite = try #require(history.suites.first)
            #expect(suite.points.count == 12)
            let first = try #require(suite.points.first?.scorers["exact"])
            #expect(first.count == 100 && first.passed == 80)
            #expect(first.passRateInterval.lower < 0.8 && first.passRateInterval.upper > 0.8)
            #expect(suite.points[8].scorers["exact"]?.passed == 65, "15 more fail after the change")
            #expect(suite.points[9].scorers["exact"]?.passed == 63, "and the two flaky cases fail on odd nights")
            #expect(suite.points[0].latency?.p50 == 124)
            #expect(suite.points[8].latency.map { $0.p50 > 150 } == true)
            #expect(suite.points[0].completionTokensPerResult == 5)
            #expect(suite.points[0].costPerResult == nil, "no prices recorded")
            #expect(suite.attributedChanges().map(\.index) == [8])
            #expect(suite.attributedChanges().first?.causes == [.modelServed(old: "model-a", new: "model-b")])
            let last = try await store.history(HistoryFilter(last: 5))
            #expect(last.runIDs == Array(8...12))
            let since = try await store.history(HistoryFilter(since: Self.start.addingTimeInterval(9.5 * Self.day)))
            #expect(since.runIDs == [11, 12])
            await #expect(throws: StoreError.self, "a mistyped eval set is an error, not an empty history") {
                try await store.history(HistoryFilter(evalsets: ["other"]))
            }
        }
    }

    @Test("per-case history finds flaky cases, cases that always fail and outputs that changed for the same request", arguments: StoreKind.all)
    func caseHistory(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.nightly(store, count: 6)
            let history = try await store.history(HistoryFilter())
            let cases = try await store.caseHistory(history)
            #expect(cases.trackedCases == 100)
            #expect(cases.flaky.map(\.caseID).sorted() == ["case-50", "case-57"])
            #expect(cases.flaky.first?.flips == 5 && cases.flaky.first?.flipRate == 1)
            #expect(cases.alwaysFailing.map(\.caseID).sorted() == (0..<20).map { "case-\($0)" }.sorted())
            #expect(cases.changedOutputCount == 2)
            let changed = try #require(cases.changedOutputs.first)
            #expect(changed.distinctOutputs == 2 && changed.results == 6)
            #expect(changed.causes(in: history).isEmpty, "same model, fingerprint and config: generation noise")
            #expect(changed.latest.runID == 6 && changed.previous.runID == 5)
            #expect(changed.similarity > 0.8 && changed.similarity < 1)
        }
    }

    @Test("drift: a sustained drop after a model change is found, dated and explained; a stable history is not",
          arguments: StoreKind.all)
    func driftCheck(kind: StoreKind) async throws {
        try await kind.withStore { store in try await Self.driftCheck(store) }
        try await kind.withStore { stable in
            try await Self.nightly(stable, count: 16)
            #expect(DriftCheck(history: try await stable.history(HistoryFilter())).drifted.isEmpty)
        }
    }

    static func driftCheck(_ store: any ResultStore) async throws {
        try await Self.nightly(store, count: 16, shiftAt: 10)
        let check = DriftCheck(history: try await store.history(HistoryFilter()))
        let quality = try #require(check.series.first { $0.metric == "exact pass rate" })
        #expect(quality.finding.drifted)
        #expect(quality.finding.direction == .down)
        #expect(quality.changeRunID.map { (10...12).contains($0) } == true, "\(quality.finding.summary)")
        #expect(quality.causes.contains { $0.contains("model model-a → model-b") })
        let latency = try #require(check.series.first { $0.metric == "latency p50" })
        #expect(latency.finding.drifted && latency.finding.direction == .up)
    }

    @Test("text similarity is 1 for equal texts, 0 for nothing in common, and in between otherwise")
    func similarity() {
        #expect(TextSimilarity.ratio("same", "same") == 1)
        #expect(TextSimilarity.ratio("", "") == 1)
        #expect(TextSimilarity.ratio("abc", "xyz") == 0)
        #expect(abs(TextSimilarity.ratio("kitten", "sitting") - (1 - 3.0 / 7)) < 1e-12)
    }

    @Test("durations for --since: minutes, hours, days and weeks; anything else is rejected")
    func durations() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(HistoryFilter.date(ago: "30d", now: now) == now.addingTimeInterval(-30 * 86_400))
        #expect(HistoryFilter.date(ago: "36h", now: now) == now.addingTimeInterval(-36 * 3600))
        #expect(HistoryFilter.date(ago: "2w", now: now) == now.addingTimeInterval(-14 * 86_400))
        #expect(HistoryFilter.date(ago: "d", now: now) == nil)
        #expect(HistoryFilter.date(ago: "10y", now: now) == nil)
        #expect(HistoryFilter.date(ago: "-3d", now: now) == nil)
    }

    @Test("a night where the backend was down shows as an error-rate shift, not as a stable quality series", arguments: StoreKind.all)
    func outageShowsInErrorRate(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await Self.nightly(store, count: 10)
            let down = SyntheticRun(id: 11, suites: [SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<100).map {
                .init(id: "case-\($0)", values: [nil])
            })])
            try await down.store(into: store, startedAt: Self.start.addingTimeInterval(10 * Self.day))
            let check = DriftCheck(history: try await store.history(HistoryFilter()))
            let errors = try #require(check.series.first { $0.metric == "error rate" })
            #expect(errors.status == .drift, "\(errors.finding.summary)")
            #expect(check.alerts.map(\.metric) == ["error rate"])
        }
    }
}

@Suite("Run history: a run stopped at its cost budget is listed, never measured")
struct BudgetStoppedHistoryTests {
    @Test("budget-stopped runs are read apart only when asked; they are no trend point and drift never sees them",
          arguments: StoreKind.all)
    func budgetStoppedApart(kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await RunHistoryTests.nightly(store, count: 8)
            // Stopped after 10 of 100 cases: as trend points its figures would read as a collapse.
            let partial = SyntheticRun(id: 9, suites: [SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<10).map {
                .init(id: "case-\($0)", values: [0])
            })])
            let stoppedID = try await partial.store(into: store, startedAt: RunHistoryTests.start.addingTimeInterval(8 * RunHistoryTests.day))
            try await store.finishRun(id: stoppedID, status: .budgetStopped)

            let plain = try await store.history(HistoryFilter())
            #expect(plain.runIDs == Array(1...8))
            #expect(plain.budgetStoppedRuns.isEmpty, "drift's input: completed runs only")
            #expect(DriftCheck(history: plain).drifted.isEmpty)

            let listed = try await store.history(HistoryFilter(includeBudgetStopped: true))
            #expect(listed.runIDs == Array(1...8))
            #expect(listed.budgetStoppedRuns.map(\.run.id) == [stoppedID])
            #expect(listed.budgetStoppedRuns.first?.run.status == .budgetStopped)
            #expect(listed.budgetStoppedRuns.first?.total == 10)
            #expect(listed.suites.allSatisfy { !$0.points.contains { $0.runID == stoppedID } }, "no trend point")
            #expect(DriftCheck(history: listed).drifted.isEmpty, "listing it changes nothing drift reads")

            let since = try await store.history(HistoryFilter(since: RunHistoryTests.start.addingTimeInterval(9 * RunHistoryTests.day),
                                                              includeBudgetStopped: true))
            #expect(since.runIDs.isEmpty && since.budgetStoppedRuns.isEmpty, "the same range as completed runs")
            let report = try await HTMLReport.load(store: store, filter: HistoryFilter(), focusRunID: stoppedID)
            #expect(report.comparison == nil)
            #expect(report.comparisonNote?.contains("stopped at its cost budget: a partial run is not compared") == true)
            let html = report.html()
            #expect(html.contains("budget-stopped · <span class=\"regression\">0 skipped (cost budget)</span>"))
            #expect(html.contains("8 completed runs"))
            #expect(html.contains("1 stopped at the cost budget"))
        }
    }
}
