import Foundation

/// `evalctl compare` and `evalctl gate`: a run against its baseline as a terminal table, JSON, or Markdown for a
/// pull-request comment (`ComparisonReport+Markdown`).
public struct ComparisonReport: Sendable {
    public let comparison: RunComparison
    /// How many flipped cases to show in full (the JSON lists all of them).
    public var flippedLimit = 20
    /// The candidate run's judges against people's labels, when any were labelled (`evalctl judge calibrate`).
    public var calibration: JudgeCalibration?

    public init(comparison: RunComparison) {
        self.comparison = comparison
    }

    /// One line per outcome, for the end of a gated run or the gate's output.
    public var verdictLine: String {
        let errors = comparison.candidate.errored > 0 ? "; \(comparison.candidate.errored) errored cases of run \(comparison.candidate.run.id) left out" : ""
        let baseline = comparison.baseline.run.id
        switch comparison.verdict {
        case .regression:
            let names = comparison.regressions.map { "\($0.suite) \($0.scorer) \(Self.signedPoints($0.tested.difference))" }
            return "gate: REGRESSION against run \(baseline): " + names.joined(separator: "; ") + errors
        case .inconclusive:
            let reasons = comparison.inconclusive.map { "\($0.suite) \($0.scorer) " + Self.inconclusiveReason($0) }
            return "gate: INCONCLUSIVE against run \(baseline): no regression found, but " + reasons.joined(separator: "; ") + errors
        case .noRegression:
            return "gate: no regression against run \(baseline) (\(comparison.scorers.count) comparison\(comparison.scorers.count == 1 ? "" : "s"), alpha \(Self.number(comparison.policy.alpha)), margin \(Self.points(comparison.policy.margin)))" + errors
        }
    }

    /// Why a comparison is inconclusive and what would settle it: "cannot detect a drop of 2.0 pts (the margin): it
    /// detects 12.5 pts or more on 40 paired cases; about 310 paired cases needed".
    static func inconclusiveReason(_ scorer: ScorerComparison) -> String {
        let what = scorer.drop > scorer.requiredDrop - 1e-9 && scorer.drop > 0 ? "the drop observed" : "the margin"
        let detects = scorer.minimumDetectableDrop >= 1
            ? "no drop is detectable on \(scorer.cases) paired cases"
            : "it detects \(points(scorer.minimumDetectableDrop)) or more on \(scorer.cases) paired cases"
        return "cannot detect a drop of \(points(scorer.requiredDrop)) (\(what)): \(detects); \(casesNeededText(scorer.casesNeeded)) needed"
    }

    /// "about 310 paired cases", or "more than 1,000,000 paired cases" past the search's limit.
    static func casesNeededText(_ casesNeeded: Int?) -> String {
        guard let casesNeeded else { return "more than \(MinimumDetectableDrop.casesNeededLimit.formatted()) paired cases" }
        return "about \(casesNeeded.formatted()) paired cases"
    }

    public func text(style: TerminalStyle = .plain) -> String {
        var lines = [
            Self.runLine("baseline ", comparison.baseline), Self.runLine("candidate", comparison.candidate),
            "paired \(comparison.pairedCases) cases in \(comparison.suites.count) suite(s); one-sided tests at alpha \(Self.number(comparison.policy.alpha)), Holm-corrected over \(comparison.scorers.count), margin \(Self.points(comparison.policy.margin))",
            "",
        ]
        var table = TextTable(
            headers: ["SUITE", "SCORER", "METRIC", "N", "BASELINE", "CANDIDATE", "CHANGE [95% CI]", "P(DROP)", "P(HOLM)", "MDE", "VERDICT"],
            alignments: [.left, .left, .left, .right, .right, .right, .right, .right, .right, .right, .left])
        for scorer in comparison.scorers {
            for row in Self.rows(scorer) {
                table.add([scorer.suite.description, scorer.scorer] + row.cells.dropLast() + [Self.paint(verdict: row.verdict, style)])
            }
        }
        let rendered = table.render()
        if let columns = style.columns, rendered.split(separator: "\n").contains(where: { TerminalStyle.visibleWidth(String($0)) > columns }) {
            lines.append(contentsOf: narrowBlocks(style: style))
        } else {
            lines.append(rendered)
        }
        lines.append(contentsOf: caseChangeLines())
        if !comparison.notes.isEmpty {
            lines.append("")
            lines.append(contentsOf: comparison.notes.map { "note: \(TerminalText.sanitize($0))" })
        }
        if let calibration, case let judges = CalibrationReport(calibration: calibration).summaryLines(), !judges.isEmpty {
            lines.append("")
            lines.append(contentsOf: judges)
        }
        lines.append("")
        lines.append(contentsOf: flippedText())
        lines.append(contentsOf: scoreDropText())
        lines.append("")
        lines.append(Self.paintVerdictLine(verdictLine, style))
        let text = lines.joined(separator: "\n")
        return style.columns.map { TerminalStyle.wrap(text, columns: $0) } ?? text
    }

    /// The comparison for a narrow terminal: one block per scorer and metric instead of an 11-column row,
    ///
    ///     qa / terse / local · exact: pass rate, 300 cases  REGRESSION
    ///       69.3% [64.0, 74.3] → 65.3% [60.3, 70.7]; change -4.0 pts [-6.7, -1.3]
    ///       p 0.0038, Holm 0.0038; detectable drop 3.4 pts
    func narrowBlocks(style: TerminalStyle) -> [String] {
        var lines: [String] = []
        for scorer in comparison.scorers {
            for row in Self.rows(scorer) {
                let metric = row.metric == "pass" ? "pass rate" : "mean score"
                lines.append("\(scorer.suite.description) · \(scorer.scorer): \(metric), \(row.cases) cases  \(Self.paint(verdict: row.verdict, style))")
                lines.append("  \(row.baseline) → \(row.candidate); change \(row.change)")
                if !row.pValue.isEmpty {
                    lines.append("  p \(row.pValue), Holm \(row.adjustedPValue); detectable drop \(row.detectableDrop)")
                }
            }
        }
        return lines
    }

    /// One row of the comparison table, formatted; every format (text, Markdown, HTML) lays out the same rows.
    struct Row {
        let metric, cases, baseline, candidate, change, pValue, adjustedPValue, detectableDrop, verdict: String
        let isRegression: Bool
        var isInconclusive = false

        var cells: [String] { [metric, cases, baseline, candidate, change, pValue, adjustedPValue, detectableDrop, verdict] }
    }

    /// The tested metric first, then (continuous scorers) their pass rate, reported but not tested.
    static func rows(_ scorer: ScorerComparison) -> [Row] {
        let tested = scorer.tested
        var rows = [Row(
            metric: scorer.metric == .passRate ? "pass" : "mean", cases: String(scorer.cases),
            baseline: figure(tested.baseline, tested.intervals.baseline), candidate: figure(tested.candidate, tested.intervals.candidate),
            change: change(tested), pValue: pValue(scorer.pValueForDrop), adjustedPValue: pValue(scorer.adjustedPValue),
            detectableDrop: points(scorer.minimumDetectableDrop), verdict: verdictText(scorer.verdict),
            isRegression: scorer.verdict == .regression, isInconclusive: scorer.verdict == .inconclusive)]
        if scorer.metric == .meanScore {
            let pass = scorer.passRate
            rows.append(Row(
                metric: "pass", cases: String(scorer.cases), baseline: figure(pass.baseline, pass.intervals.baseline),
                candidate: figure(pass.candidate, pass.intervals.candidate), change: change(pass), pValue: "", adjustedPValue: "",
                detectableDrop: "", verdict: "(not tested)", isRegression: false))
        }
        return rows
    }

    func caseChangeLines() -> [String] {
        var lines: [String] = []
        for pairing in comparison.suites {
            var parts: [String] = []
            let (added, removed) = pairing.sameEvalSetContent ? ("missing in baseline", "missing in candidate") : ("added", "removed")
            if !pairing.onlyInCandidate.isEmpty { parts.append("\(pairing.onlyInCandidate.count) \(added) (\(Self.ids(pairing.onlyInCandidate)))") }
            if !pairing.onlyInBaseline.isEmpty { parts.append("\(pairing.onlyInBaseline.count) \(removed) (\(Self.ids(pairing.onlyInBaseline)))") }
            if !pairing.changed.isEmpty { parts.append("\(pairing.changed.count) changed content (\(Self.ids(pairing.changed)))") }
            if !pairing.errored.isEmpty { parts.append("\(pairing.errored.count) left out for errors (\(Self.ids(pairing.errored)))") }
            if !parts.isEmpty { lines.append("cases not compared in \(pairing.key): " + parts.joined(separator: "; ")) }
        }
        for key in comparison.suitesOnlyInBaseline { lines.append("only in the baseline: \(key)") }
        for key in comparison.suitesOnlyInCandidate { lines.append("only in the candidate (no baseline): \(key)") }
        return lines.isEmpty ? [] : [""] + lines.map { TerminalText.sanitize($0, limit: 400) }
    }

    func flippedText() -> [String] {
        let flipped = comparison.flipped
        let regressed = flipped.count { $0.direction == .regressed }
        var lines = ["flipped cases: \(regressed) pass → fail, \(flipped.count - regressed) fail → pass"]
        for flip in flipped.prefix(flippedLimit) {
            lines.append("  \(flip.direction == .regressed ? "pass → FAIL" : "fail → pass")  \(TerminalText.sanitize(flip.suite.description))  \(TerminalText.sanitize(flip.caseID))")
            lines.append("    baseline:  \(TerminalText.sanitize(flip.baselineOutput ?? "(no output)", limit: 200))")
            lines.append("    candidate: \(TerminalText.sanitize(flip.candidateOutput ?? "(no output)", limit: 200))")
            if !flip.reasons.isEmpty { lines.append("    why:       \(TerminalText.sanitize(flip.reasons.joined(separator: "; "), limit: 200))") }
        }
        if flipped.count > flippedLimit { lines.append("  … \(flipped.count - flippedLimit) more (--format json lists all)") }
        return lines
    }

    /// For continuous scorers that dropped, the cases that fell most: the evidence flipped cases do not give.
    func scoreDropText() -> [String] {
        var lines: [String] = []
        for scorer in comparison.scorers where scorer.metric == .meanScore && scorer.drop > 0 && !scorer.largestDrops.isEmpty {
            lines.append("")
            lines.append("largest \(TerminalText.sanitize(scorer.scorer)) drops in \(TerminalText.sanitize(scorer.suite.description)) (0–1 scale):")
            for change in scorer.largestDrops.prefix(5) {
                lines.append(String(format: "  %@  %.3f → %.3f", TerminalText.sanitize(change.caseID), change.baseline, change.candidate))
                lines.append("    baseline:  \(TerminalText.sanitize(change.baselineOutput ?? "(no output)", limit: 200))")
                lines.append("    candidate: \(TerminalText.sanitize(change.candidateOutput ?? "(no output)", limit: 200))")
            }
        }
        return lines
    }

    /// `gate: REGRESSION …` with REGRESSION red, `gate: INCONCLUSIVE …` yellow, `gate: no regression …` green.
    static func paintVerdictLine(_ line: String, _ style: TerminalStyle) -> String {
        for word in ["REGRESSION", "INCONCLUSIVE", "no regression"] where line.hasPrefix("gate: " + word) {
            return "gate: " + paint(verdict: word, style) + line.dropFirst(("gate: " + word).count)
        }
        return line
    }

    /// A verdict word in its colour; INCONCLUSIVE is a warning, yellow.
    static func paint(verdict word: String, _ style: TerminalStyle) -> String {
        word == "INCONCLUSIVE" ? style.paint(word, .yellow) : style.verdict(word)
    }

    static func runLine(_ role: String, _ summary: RunSummary) -> String {
        let run = summary.run
        let tags = summary.tags.isEmpty ? "" : " (\(summary.tags.joined(separator: ", ")))"
        return "\(role)  run \(run.id)\(tags)  \(run.status.rawValue)  \(DateText.utc(run.startedAt)) UTC  commit \(run.gitCommit.map { String($0.prefix(10)) } ?? "-")"
    }

    static func ids(_ ids: [String]) -> String {
        ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
    }

    static func figure(_ value: Double, _ interval: ConfidenceInterval) -> String {
        String(format: "%.1f%% [%.1f, %.1f]", value * 100, interval.lower * 100, interval.upper * 100)
    }

    static func change(_ figure: PairedFigure) -> String {
        let interval = figure.intervals.difference
        return String(format: "%+.1f pts [%+.1f, %+.1f]", figure.difference * 100, interval.lower * 100, interval.upper * 100)
    }

    static func points(_ value: Double) -> String { String(format: "%.1f pts", value * 100) }
    static func signedPoints(_ value: Double) -> String { String(format: "%+.1f pts", value * 100) }
    static func number(_ value: Double) -> String { JSONValue.format(number: value) }

    static func pValue(_ value: Double) -> String {
        value < 0.0001 ? "<0.0001" : String(format: "%.4f", value)
    }

    static func verdictText(_ verdict: ScorerComparison.Verdict) -> String {
        switch verdict {
        case .regression: "REGRESSION"
        case .withinMargin: "drop within margin"
        case .notSignificant: "not significant"
        case .noDrop: "ok"
        case .inconclusive: "INCONCLUSIVE"
        }
    }
}
