import Foundation

extension ComparisonReport {
    /// GitHub refuses comments longer than 65,536 characters; flipped cases are cut to stay well under it.
    public static let markdownCharacterLimit = 60_000

    /// A pull-request comment: the verdict and summary table first, flipped cases and details folded below.
    /// Model output goes into the comment escaped, so it cannot break the table, inject HTML or mention anyone,
    /// and the comment stays under `markdownCharacterLimit` however long the outputs are.
    public func markdown() -> String {
        let baseline = comparison.baseline.run.id, candidate = comparison.candidate.run.id
        let policy = comparison.policy
        let headline = switch comparison.verdict {
        case .regression: "### ❌ evalctl: regression in run \(candidate) against run \(baseline)"
        case .inconclusive: "### ⚠️ evalctl: inconclusive in run \(candidate) against run \(baseline) — no regression found, but the eval set could not have found one"
        case .noRegression: "### ✅ evalctl: no regression in run \(candidate) against run \(baseline)"
        }
        let errored = comparison.candidate.errored
        var lines = [headline + (errored > 0 ? " · ⚠️ \(errored) errored cases left out" : ""), ""]
        if comparison.verdict == .inconclusive {
            lines += comparison.inconclusive.map { "- \(Self.cell($0.suite.description)) · \(Self.cell($0.scorer)): \(Self.inconclusiveReason($0))" }
            lines.append("")
        }
        lines += [
            "\(comparison.pairedCases) paired cases · one-sided tests at α = \(Self.number(policy.alpha)), Holm-corrected over \(comparison.scorers.count) · margin \(Self.points(policy.margin))",
            "",
            "| Eval set / prompt / backend | Scorer | Metric | N | Baseline | Candidate | Change [95% CI] | p (Holm) | Detectable drop | Verdict |",
            "|---|---|---|--:|--:|--:|--:|--:|--:|---|",
        ]
        for scorer in comparison.scorers {
            for row in Self.rows(scorer) {
                let cells = [Self.cell(scorer.suite.description), Self.cell(scorer.scorer), row.metric, row.cases, row.baseline,
                             row.candidate, row.change, row.adjustedPValue, row.detectableDrop,
                             row.isRegression ? "**\(row.verdict)**" : row.isInconclusive ? "⚠️ \(row.verdict)" : row.verdict]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        var details: [String] = []
        for scorer in comparison.scorers where scorer.metric == .meanScore && scorer.drop > 0 && !scorer.largestDrops.isEmpty {
            details += ["", "<details><summary>Largest \(Self.cell(scorer.scorer)) drops in \(Self.cell(scorer.suite.description))</summary>", "",
                        "| Case | Baseline | Candidate | Baseline output | Candidate output |", "|---|--:|--:|---|---|"]
            details += scorer.largestDrops.prefix(5).map { change in
                "| " + [Self.cell(change.caseID), String(format: "%.3f", change.baseline), String(format: "%.3f", change.candidate),
                        Self.cell(change.baselineOutput ?? "(no output)", limit: 300), Self.cell(change.candidateOutput ?? "(no output)", limit: 300)]
                    .joined(separator: " | ") + " |"
            }
            details += ["", "</details>"]
        }
        let judges = calibration.map { CalibrationReport(calibration: $0).summaryLines() } ?? []
        let changes = caseChangeLines().filter { !$0.isEmpty } + comparison.notes + judges
        if !changes.isEmpty {
            details += ["", "<details><summary>What else changed</summary>", ""]
            details += changes.prefix(50).map { "- " + Self.cell($0, limit: 400) }
            details += ["", "</details>"]
        }
        let flipped = comparison.flipped
        if !flipped.isEmpty {
            let regressed = flipped.count { $0.direction == .regressed }
            var rows: [String] = []
            var budget = Self.markdownCharacterLimit - (lines + details).reduce(0) { $0 + $1.count + 1 } - 1_000
            for flip in flipped.prefix(flippedLimit * 5) {
                let row = "| " + [
                    Self.cell(flip.caseID), Self.cell(flip.suite.description), flip.direction == .regressed ? "pass → **fail**" : "fail → pass",
                    Self.cell(flip.baselineOutput ?? "(no output)", limit: 300), Self.cell(flip.candidateOutput ?? "(no output)", limit: 300),
                    Self.cell(flip.reasons.joined(separator: "; "), limit: 200),
                ].joined(separator: " | ") + " |"
                budget -= row.count + 1
                if budget < 0 { break }
                rows.append(row)
            }
            lines += ["", "<details><summary>Flipped cases: \(regressed) pass → fail, \(flipped.count - regressed) fail → pass</summary>", "",
                      "| Case | Suite | Change | Baseline output | Candidate output | Why |", "|---|---|---|---|---|---|"] + rows
            if flipped.count > rows.count {
                lines += ["", "\(rows.count) of \(flipped.count) shown; all of them: `evalctl compare \(baseline) \(candidate) --format json`"]
            }
            lines += ["", "</details>"]
        }
        return (lines + details).joined(separator: "\n") + "\n"
    }

    /// Text safe inside a Markdown table cell on GitHub: HTML and Markdown syntax escaped, one line, bounded.
    static func cell(_ text: String, limit: Int = 120) -> String {
        let flat = TerminalText.sanitize(text, limit: limit)
        var escaped = ""
        for character in flat {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "|": escaped += "&#124;"
            case "\\", "`", "*", "_", "[", "]", "#", "~", "!": escaped += "\\\(character)"
            case "@": escaped += "&#64;"  // no @mention from model output
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
