import Foundation

/// `evalctl report --html`: one self-contained HTML file with the trend of every eval set × prompt × backend over
/// the runs in range, the latest run against the one before, per-case history, and (from `evalctl drift`) drift.
///
/// Everything from a model or an eval set goes through `HTMLText`; the page has no scripts and a CSP forbidding them.
///
/// ```swift
/// let report = try await HTMLReport.load(store: store, filter: HistoryFilter(last: 30))
/// try ReportFile.write(report.html(), to: "reports/drift.html")
/// ```
public struct HTMLReport: Sendable {
    public let history: RunHistory
    /// Flips at a recorded change that explains them (`notCountingFlipsAtChanges(in:)`) are not counted as flakiness.
    public let cases: CaseHistory
    /// The newest (or focused) run against the previous one or its baseline.
    public let comparison: RunComparison?
    /// Why there is no comparison, when there is none.
    public let comparisonNote: String?
    public let drift: DriftCheck?
    /// Production feedback per day over the report's window (shown when there is any).
    public var feedback: FeedbackAnalysis?
    /// The run the report is about (`run --html`), highlighted; nil for a plain report.
    public let focusRunID: Int64?
    public var title = "evalctl report"
    public var generatedAt = Date()
    public var databasePath: String?
    /// Rows shown in each per-case table and flipped-case list.
    public var caseLimit = 15
    /// The newest (or focused) run's judges against people's labels.
    public var calibration: JudgeCalibration?
    /// The review queues of the newest (or focused) run.
    public var review: ReviewQueueStatus?

    public init(history: RunHistory, cases: CaseHistory, comparison: RunComparison?, comparisonNote: String? = nil,
                drift: DriftCheck? = nil, focusRunID: Int64? = nil) {
        self.history = history
        // A flip at a run where the prompt, backend config, eval set or model changed is the change's, not flakiness.
        self.cases = cases.notCountingFlipsAtChanges(in: history)
        self.comparison = comparison
        self.comparisonNote = comparisonNote
        self.drift = drift
        self.focusRunID = focusRunID
    }

    /// Reads what the report shows. With `focusRunID`, the comparison is that run against `baselineID` (or the run
    /// before it with a suite in common); otherwise the newest run in range against the one before it. With
    /// `driftMinimumShift`, the report opens with the drift check's findings, new or delivered according to the alert
    /// ledger (`driftDelivered`, read from the store when nil). The runs table also lists the runs in range stopped
    /// at their cost budget; they are no trend point, and a focused one is not compared (a partial run).
    public static func load(store: any ResultStore, filter: HistoryFilter, focusRunID: Int64? = nil, baselineID: Int64? = nil,
                            policy: ComparisonPolicy = ComparisonPolicy(), driftMinimumShift: Double? = nil,
                            driftDelivered: [DriftAlert]? = nil) async throws -> HTMLReport {
        var filter = filter
        filter.includeBudgetStopped = true
        let history = try await store.history(filter)
        let cases = try await store.caseHistory(history)
        var comparison: RunComparison?, note: String?
        let candidate = focusRunID ?? history.runs.last?.run.id
        let baseline = baselineID ?? candidate.flatMap { previousRun(before: $0, in: history) }
        if let candidate, history.budgetStoppedRuns.contains(where: { $0.run.id == candidate }) {
            note = "Run \(candidate) stopped at its cost budget: a partial run is not compared (`evalctl run --resume \(candidate)` completes it)."
        } else if let candidate, let baseline {
            do {
                comparison = try await RunComparison.load(store: store, baselineID: baseline, candidateID: candidate, policy: policy,
                                                          evalsets: filter.evalsets.isEmpty ? nil : Set(filter.evalsets))
            } catch let error as ComparisonError {
                note = "Run \(candidate) cannot be compared with run \(baseline): \(error.reasons.joined(separator: "; "))."
            }
        } else {
            note = history.runs.count < 2 ? "Only one run in range: nothing to compare yet." : nil
        }
        var drift: DriftCheck?
        if let driftMinimumShift {
            let delivered = if let driftDelivered { driftDelivered } else { try await store.driftAlerts() }
            drift = DriftCheck(history: history, minimumQualityShift: driftMinimumShift, delivered: delivered)
        }
        var report = HTMLReport(history: history, cases: cases, comparison: comparison, comparisonNote: note, drift: drift,
                                focusRunID: focusRunID)
        if let candidate { report.calibration = try await JudgeCalibration.load(store: store, runID: candidate) }
        report.feedback = FeedbackAnalysis(votes: try await store.feedbackVotes(since: filter.since ?? Date().addingTimeInterval(-30 * 86_400)), grouping: .day)
        if let candidate { report.review = try await ReviewQueueStatus.load(store: store, runID: candidate) }
        return report
    }

    /// The newest run before `runID` that has an eval set × prompt × backend in common with it.
    static func previousRun(before runID: Int64, in history: RunHistory) -> Int64? {
        let keys = Set(history.suites.filter { $0.points.contains { $0.runID == runID } }.map(\.key))
        return history.suites.filter { keys.contains($0.key) }
            .flatMap { $0.points.map(\.runID) }.filter { $0 < runID }.max()
    }

    public func html() -> String {
        var body = header() + summarySection()
        if let drift { body += driftSection(drift) }
        if let feedback, feedback.total > 0 { body += feedbackSection(feedback) }
        if let review { body += reviewSection(review) }
        body += comparisonSection()
        if let calibration { body += calibrationSection(calibration) }
        for suite in history.suites { body += trendSection(suite) }
        body += caseSection()
        body += runsSection()
        return HTMLPage(title: title, body: body).html()
    }

    func header() -> String {
        let runs = history.runs
        var range = "no completed runs in range"
        if let first = runs.first?.run, let last = runs.last?.run {
            range = "\(runs.count) completed run\(runs.count == 1 ? "" : "s"), \(DateText.utc(first.startedAt)) – \(DateText.utc(last.startedAt)) UTC"
        }
        let stopped = history.budgetStoppedRuns.count
        if stopped > 0 {
            range += " · \(stopped) stopped at the cost budget (in the runs table only: a partial run is no trend point)"
        }
        var filters: [String] = []
        if !history.filter.evalsets.isEmpty { filters.append("eval sets: " + history.filter.evalsets.joined(separator: ", ")) }
        if let since = history.filter.since { filters.append("since \(DateText.utc(since)) UTC") }
        if let last = history.filter.last { filters.append("last \(last) runs") }
        let focus = focusRunID.map { " · focused on run <a href=\"\(HTMLFragmentID("run-\($0)").href)\">\($0)</a>" } ?? ""
        return """
            <h1>\(HTMLText.text(title))</h1>
            <p class="muted">\(HTMLText.text(range))\(filters.isEmpty ? "" : " · " + HTMLText.text(filters.joined(separator: " · ")))\(focus)<br/>
            generated \(HTMLText.text(DateText.utc(generatedAt))) UTC by evalctl \(HTMLText.text(EvalKitVersion.current))\(databasePath.map { " from " + HTMLText.text($0) } ?? "")</p>

            """
    }

    static func runLink(_ id: Int64) -> String {
        "<a href=\"\(HTMLFragmentID("run-\(id)").href)\">\(id)</a>"
    }

    static func number(_ value: Double, decimals: Int = 1) -> String { String(format: "%.\(decimals)f", value) }

    /// Model text for a table cell: escaped, cut to `limit` characters, line breaks kept by `pre`-wrapping CSS.
    static func output(_ text: String?, limit: Int = 400) -> String {
        guard let text else { return "<span class=\"muted\">(no output)</span>" }
        let cut = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return "<pre>\(HTMLText.text(cut))</pre>"
    }
}
