import Foundation
import Testing
@testable import EvalKit

/// Drift on series that know each run's sampling error (pass rates, mean scores, error rates), and the alert ledger
/// that decides whether a shift is new.
@Suite("Drift with each run's sampling error, and the alert ledger")
struct SampledDriftTests {
    static let detector = DriftDetector(minimumShift: 0.02)

    static func detect(_ values: [Double], cases: Int = 150) -> DriftFinding {
        detector.detect(values, runNames: values.indices.map { String($0 + 1) },
                        sampling: values.map { _ in .proportion(trials: cases) })
    }

    @Test("six nights near 90% on 150 cases, then 60%: the first night at 60% alarms (the issue's case)")
    func hugeShiftAlarmsTheFirstNight() {
        let history = [0.9, 0.893, 0.907, 0.9, 0.887, 0.913]
        let finding = Self.detect(history + [0.6])
        #expect(finding.drifted && finding.direction == .down, "\(finding.summary)")
        #expect(finding.alarmIndex == 6 && finding.changeIndex == 6, "\(finding.summary)")
        #expect(finding.summary.contains("sampling-aware"))
        #expect(!Self.detect(history).drifted)
    }

    @Test("identical nights stay stable, and a drop below the minimum shift does not alarm, however precise")
    func flatHistoryAndSmallDrops() {
        let flat = Array(repeating: 0.9, count: 8)
        #expect(!Self.detect(flat).drifted)
        #expect(!Self.detect(flat + [0.9 - 1.0 / 150]).drifted, "one case of 150 is 0.7 points: below the 2-point minimum")
        #expect(Self.detect(flat + [0.8]).drifted, "ten points on 150 cases")
        let allPass = Array(repeating: 1.0, count: 8)
        #expect(!Self.detect(allPass + [0.75], cases: 4).drifted,
                "a run of all passes still has a sampling error: one of four cases failing once is within it")
        #expect(Self.detect(allPass + [0.0], cases: 4).alarmIndex == 8, "four of four failing is not")
    }

    @Test("one bad night that recovers is set aside, so a real shift three nights later still alarms at once")
    func oneNightOutlier() {
        let history = [0.85, 0.86, 0.84, 0.853, 0.847, 0.86, 0.84]
        let blip = Self.detect(history + [0.70, 0.85])
        #expect(!blip.drifted, "\(blip.summary)")
        #expect(blip.summary.contains("one-night outlier set aside: run 8"), "\(blip.summary)")
        let later = Self.detect(history + [0.70, 0.85, 0.853, 0.847, 0.60])
        #expect(later.drifted && later.alarmIndex == 11 && later.changeIndex == 11, "\(later.summary)")
    }

    @Test("a mean score judged with its per-case spread, and a run without a sampling figure is skipped")
    func meanScoresAndGaps() {
        let values: [Double?] = [0.71, 0.70, 0.72, 0.70, 0.71, nil, 0.70, 0.55]
        let sampling: [RunSampling?] = values.map { $0 == nil ? nil : .mean(standardDeviation: 0.3, count: 200) }
        let finding = Self.detector.detect(values, runNames: values.indices.map(String.init), sampling: sampling)
        #expect(finding.drifted && finding.alarmIndex == 7 && finding.runsUsed == 7, "\(finding.summary)")
        // Spread 0.3 over 200 cases: a standard error of 0.021, so 3 points on one night is noise.
        let small = Self.detector.detect(Array(values.dropLast()) + [0.68], runNames: values.indices.map(String.init), sampling: sampling)
        #expect(!small.drifted, "\(small.summary)")
        let noOutcomes = Self.detector.detect([0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.1], runNames: (0..<7).map(String.init),
                                              sampling: Array(repeating: .proportion(trials: 100), count: 6) + [.proportion(trials: 0)])
        #expect(!noOutcomes.drifted, "a run with no outcomes has no value to judge")
    }

    @Test("by simulation: under 1 false alarm per 100 nightly runs; 4 SE alarms on the first run ≥ 70%, by the second ≥ 85%; 8 SE ≥ 97% at once")
    func simulatedRates() throws {
        var simulation = DriftSimulation()
        simulation.simulations = 400
        let outcome = simulation.run()
        #expect(outcome.falseAlarmsPer100Runs < 1, "\(outcome.falseAlarmsPer100Runs) per 100 runs (documented 0.68)")
        let delays = Dictionary(uniqueKeysWithValues: outcome.delays.map { ($0.shift, $0) })
        let four = try #require(delays[4] as DriftSimulation.Delay?), eight = try #require(delays[8] as DriftSimulation.Delay?)
        let two = try #require(delays[2] as DriftSimulation.Delay?)
        #expect(four.firstRunShare >= 0.70, "4 SE on the first run: \(four.firstRunShare) (documented 79%)")
        #expect(four.withinTwoShare >= 0.85, "4 SE by the second run: \(four.withinTwoShare) (documented 91%)")
        #expect(eight.firstRunShare >= 0.97, "8 SE on the first run: \(eight.firstRunShare) (documented 99%)")
        #expect(two.detectedShare >= 0.75, "2 SE within 10 runs: \(two.detectedShare) (documented 80%)")
        #expect(two.firstRunShare < four.firstRunShare, "bigger shifts are caught sooner")
    }

    static let key = SuiteKey(evalset: "qa", promptID: "p", backend: "b")

    static func alert(_ direction: ShiftDirection, change: Int64) -> DriftAlert {
        DriftAlert(suite: key, metric: "exact pass rate", direction: direction, changeRunID: change, alarmRunID: change,
                   deliveredAt: Date(timeIntervalSince1970: 0), summary: "")
    }

    @Test("the ledger matches a shift by direction and level, not by position; an earlier shift's alert does not cover a later one")
    func ledgerMatching() {
        let runIDs: [Int64] = Array(101...120)
        var finding = DriftFinding(drifted: true, direction: .down, changeIndex: 12, alarmIndex: 13, noise: 0.01, runsUsed: 20, summary: "")
        #expect(DriftCheck.delivery(of: finding, runIDs: runIDs, in: []) == nil)
        #expect(DriftCheck.delivery(of: finding, runIDs: runIDs, in: [Self.alert(.down, change: 113)]) != nil)
        #expect(DriftCheck.delivery(of: finding, runIDs: runIDs, in: [Self.alert(.down, change: 111)]) != nil,
                "the change point moved a run or two as more runs arrived: still the same shift")
        #expect(DriftCheck.delivery(of: finding, runIDs: runIDs, in: [Self.alert(.up, change: 113)]) == nil)
        #expect(DriftCheck.delivery(of: finding, runIDs: runIDs, in: [Self.alert(.down, change: 90)]) == nil,
                "an alert from before the runs in range")
        finding.earlierChangeIndices = [5]
        #expect(DriftCheck.delivery(of: finding, runIDs: runIDs, in: [Self.alert(.down, change: 106)]) == nil,
                "the earlier drop's alert (at its change point) does not cover a second drop")
        #expect(DriftCheck.delivery(of: finding, runIDs: runIDs, in: [Self.alert(.down, change: 106), Self.alert(.down, change: 113)]) != nil)
    }

    @Test("alerts round-trip through the store and survive reopening it")
    func ledgerInStore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("evals.sqlite")
        let store = try SQLiteStore(path: path)
        #expect(try await store.driftAlerts().isEmpty)
        var first = Self.alert(.down, change: 7)
        first.summary = "down 30.0 points from run 7"
        try await store.recordDriftAlerts([first, Self.alert(.up, change: 9)])
        try await store.recordDriftAlerts([])
        let reopened = try SQLiteStore(path: path)
        let alerts = try await reopened.driftAlerts()
        #expect(alerts.map(\.direction) == [.down, .up])
        #expect(alerts.first == first)
    }

    @Test("a history with an unreported shift: the check says drift, and once delivered, ongoing")
    func checkUsesTheLedger() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        try await RunHistoryTests.nightly(store, count: 14, shiftAt: 8)
        let history = try await store.history(HistoryFilter())
        let check = DriftCheck(history: history)
        let quality = try #require(check.series.first { $0.metric == "exact pass rate" })
        #expect(quality.status == .drift && quality.changeRunID == 9, "\(quality.finding.summary)")
        let alerts = check.newAlerts(at: Date())
        #expect(alerts.contains { $0.metric == "exact pass rate" && $0.changeRunID == 9 })
        try await store.recordDriftAlerts(alerts)
        let again = DriftCheck(history: history, delivered: try await store.driftAlerts())
        #expect(again.alerts.isEmpty)
        #expect(again.series.first { $0.metric == "exact pass rate" }?.status == .ongoing)
        #expect(again.newAlerts(at: Date()).isEmpty)
    }

    /// Nights of 150 cases: `failing[night]` cases fail.
    static func nights(_ store: SQLiteStore, failing: [Int], from first: Int = 0) async throws {
        for (offset, failed) in failing.enumerated() {
            let night = first + offset
            let suite = SyntheticRun.Suite(key: SyntheticRun.key, cases: (0..<150).map { index in
                .init(id: "case-\(index)", values: [index < failed ? 0 : 1])
            })
            try await SyntheticRun(id: Int64(night + 1), suites: [suite])
                .store(into: store, startedAt: RunHistoryTests.start.addingTimeInterval(Double(night) * RunHistoryTests.day))
        }
    }

    @Test("90% → 60% on 150 cases after six nights: drift alarms after night 7; a team whose drift did not run that night is alerted after night 8, once")
    func issueScenarioThroughTheStore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.path("evals.sqlite"))
        let stable = [15, 16, 14, 15, 17, 15]
        try await Self.nights(store, failing: stable + [60])
        func check() async throws -> DriftCheck {
            DriftCheck(history: try await store.history(HistoryFilter()), delivered: try await store.driftAlerts())
        }
        let seventh = try await check()
        let quality = try #require(seventh.series.first { $0.metric == "exact pass rate" })
        #expect(quality.status == .drift && quality.changeRunID == 7, "\(quality.finding.summary)")
        // This team's drift did not run after night 7: night 8 still alerts, then never again.
        try await Self.nights(store, failing: [59], from: 7)
        let eighth = try await check()
        #expect(eighth.alerts.contains { $0.metric == "exact pass rate" && $0.changeRunID == 7 })
        try await store.recordDriftAlerts(eighth.newAlerts(at: Date()))
        try await Self.nights(store, failing: [61, 60], from: 8)
        let tenth = try await check()
        #expect(tenth.alerts.isEmpty, "\(tenth.alerts.map(\.finding.summary))")
        #expect(tenth.series.first { $0.metric == "exact pass rate" }?.status == .ongoing)
    }
}
