import Foundation

/// `evalctl drift`: every series the drift check looked at, drifted ones first, as a table or JSON.
public struct DriftReport: Sendable {
    public let check: DriftCheck
    public let history: RunHistory
    /// `drift --dry-run`: new shifts are reported but not recorded as delivered.
    public let dryRun: Bool

    public init(check: DriftCheck, history: RunHistory, dryRun: Bool = false) {
        self.check = check
        self.history = history
        self.dryRun = dryRun
    }

    public func text(style: TerminalStyle = .plain) -> String {
        guard !check.series.isEmpty else {
            return "no completed runs in range: nothing to check (widen --since or check --evalset)"
        }
        var table = TextTable(headers: ["SUITE", "SERIES", "RUNS", "STATUS", "SHIFT", "FROM RUN", "ALARM RUN", "WHAT CHANGED AROUND IT"],
                              alignments: [.left, .left, .right, .left, .left, .right, .right, .left])
        let order: [DriftCheck.Status] = [.drift, .ongoing, .stable, .tooFewRuns]
        for series in check.series.sorted(by: { order.firstIndex(of: $0.status)! < order.firstIndex(of: $1.status)! }) {
            let finding = series.finding
            let causes = finding.drifted ? (series.causes.isEmpty ? "nothing recorded changed" : series.causes.joined(separator: "; ")) : ""
            table.add([series.suite.description, series.metric, String(finding.runsUsed), style.verdict(Self.statusText(series.status)),
                       finding.drifted ? Self.shiftText(series) : "", series.changeRunID.map(String.init) ?? "",
                       finding.alarmIndex.map { String(series.runIDs[$0]) } ?? "", TerminalText.sanitize(causes, limit: 160)])
        }
        return table.render() + "\n\n" + newestRunLine() + "\n" + (replayedLine().map { $0 + "\n" } ?? "") + Self.paintVerdict(verdict(), style)
    }

    /// The outcome line with its first word coloured: `DRIFT` red, `no new drift` green.
    static func paintVerdict(_ line: String, _ style: TerminalStyle) -> String {
        if line.hasPrefix("DRIFT") { return style.paint("DRIFT", .red) + line.dropFirst("DRIFT".count) }
        if line.hasPrefix("no new drift") { return style.paint("no new drift", .green) + line.dropFirst("no new drift".count) }
        return line
    }

    /// Runs left out because their answers came from the response cache or a rescore: drift measures the model.
    public func replayedLine() -> String? {
        let ids = history.replayedRunIDs
        guard !ids.isEmpty else { return nil }
        let listed = ids.prefix(10).map(String.init).joined(separator: ", ") + (ids.count > 10 ? ", …" : "")
        return "left out \(ids.count) run\(ids.count == 1 ? "" : "s") answered from the response cache or rescored (\(listed)): drift measures the model, so only runs that asked it count"
    }

    /// The one-line outcome: new shifts (exit 1), ongoing ones, and series too short to judge.
    public func verdict() -> String {
        let alerts = check.alerts.count, ongoing = check.drifted.count - alerts, unjudged = check.tooFewRuns.count
        var parts = [alerts == 0 ? "no new drift in \(check.series.count) series over \(history.runs.count) runs"
                                 : "DRIFT: \(alerts) new shift\(alerts == 1 ? "" : "s") in \(check.series.count) series over \(history.runs.count) runs"]
        if alerts > 0 && dryRun { parts.append("not recorded (--dry-run): the next drift run reports \(alerts == 1 ? "it" : "them") again") }
        if ongoing > 0 { parts.append("\(ongoing) ongoing (alerted before)") }
        if unjudged > 0 { parts.append("\(unjudged) series have too few runs to judge (\(DriftDetector(minimumShift: 0).baselineRuns + 1) needed)") }
        return parts.joined(separator: "; ")
    }

    /// How fresh the data is, so a nightly job whose runs stopped does not pass for a quiet one.
    func newestRunLine() -> String {
        guard let newest = history.runs.last?.run else { return "no completed run in range" }
        let hours = Date().timeIntervalSince(newest.startedAt) / 3600
        let age = hours < 48 ? String(format: "%.0f h ago", hours) : String(format: "%.0f days ago", hours / 24)
        return "newest completed run: \(newest.id), started \(DateText.utc(newest.startedAt)) UTC (\(age))"
    }

    static func statusText(_ status: DriftCheck.Status) -> String {
        switch status {
        case .drift: "DRIFT"
        case .ongoing: "ongoing"
        case .stable: "stable"
        case .tooFewRuns: "too few runs"
        }
    }

    public func json() -> String {
        JSONValue.object([
            "runs": .array(history.runIDs.map { .number(Double($0)) }),
            "left_out_replayed_runs": .array(history.replayedRunIDs.map { .number(Double($0)) }),
            "drifted": .bool(!check.alerts.isEmpty), "dry_run": .bool(dryRun),
            "verdict": .string(verdict()),
            "series": .array(check.series.map { series in
                let finding = series.finding
                return .object([
                    "evalset": .string(series.suite.evalset), "prompt": .string(series.suite.promptID),
                    "backend": .string(series.suite.backend), "metric": .string(series.metric), "unit": .string(series.unit.rawValue),
                    "drifted": .bool(finding.drifted), "status": .string(series.status.rawValue),
                    "alarm_run_id": finding.alarmIndex.map { .number(Double(series.runIDs[$0])) } ?? .null, "direction": finding.direction.map { .string($0.rawValue) } ?? .null,
                    "change_run_id": series.changeRunID.map { .number(Double($0)) } ?? .null,
                    "level_before": finding.levelBefore.map(JSONValue.number) ?? .null,
                    "level_after": finding.levelAfter.map(JSONValue.number) ?? .null,
                    "noise": .number(finding.noise), "runs_used": .number(Double(finding.runsUsed)),
                    "summary": .string(finding.summary), "causes": .array(series.causes.map(JSONValue.string)),
                    "delivered_at": series.delivered.map { .string(DateText.utc($0.deliveredAt)) } ?? .null,
                    "values": .array(series.values.map { $0.map(JSONValue.number) ?? .null }),
                    "run_ids": .array(series.runIDs.map { .number(Double($0)) }),
                ])
            }),
        ]).canonicalJSON
    }

    /// "down 12.0 pts (82.0% → 70.0%)" for quality; relative for latency, tokens and cost.
    static func shiftText(_ series: DriftCheck.Series) -> String {
        let finding = series.finding
        guard let before = finding.levelBefore, let after = finding.levelAfter else { return finding.direction?.rawValue ?? "" }
        let direction = finding.direction?.rawValue ?? (after < before ? "down" : "up")
        switch series.unit {
        case .fraction:
            return String(format: "%@ %.1f pts (%.1f%% → %.1f%%)", direction, abs(after - before) * 100, before * 100, after * 100)
        case .milliseconds:
            return String(format: "%@ %.0f%% (%.0f → %.0f ms)", direction, relative(before, after), before, after)
        case .tokens:
            return String(format: "%@ %.0f%% (%.1f → %.1f tokens)", direction, relative(before, after), before, after)
        case .dollars:
            return String(format: "%@ %.0f%% ($%.6f → $%.6f)", direction, relative(before, after), before, after)
        }
    }

    private static func relative(_ before: Double, _ after: Double) -> Double {
        before == 0 ? 0 : abs(after - before) / abs(before) * 100
    }
}
