extension HTMLReport {
    /// The newest (or focused) run against the one before: the gate's table and the flipped cases.
    func comparisonSection() -> String {
        guard let comparison else {
            return comparisonNote.map { "<h2>Latest run</h2>\n<p class=\"muted\">\(HTMLText.text($0))</p>\n" } ?? ""
        }
        let baseline = comparison.baseline.run.id, candidate = comparison.candidate.run.id
        var verdict = switch comparison.verdict {
        case .regression: "<span class=\"regression\">regression</span>"
        case .inconclusive: "<span class=\"inconclusive\">⚠️ inconclusive</span>"
        case .noRegression: "<span class=\"improvement\">no regression</span>"
        }
        if comparison.candidate.errored > 0 {
            verdict += " <span class=\"regression\">· \(comparison.candidate.errored) errored cases left out</span>"
        }
        var html = """
            <h2 id="comparison">Run \(Self.runLink(candidate)) against run \(Self.runLink(baseline)): \(verdict)</h2>
            <p class="muted">\(comparison.pairedCases) paired cases · one-sided paired tests at α = \(HTMLText.text(ComparisonReport.number(comparison.policy.alpha))), Holm-corrected over \(comparison.scorers.count) · margin \(HTMLText.text(ComparisonReport.points(comparison.policy.margin))) · the minimum detectable drop is what this many cases can catch</p>
            \(comparison.inconclusive.isEmpty ? "" : "<ul class=\"inconclusive\">" + comparison.inconclusive.map { "<li>\(HTMLText.text("\($0.suite) \($0.scorer): " + ComparisonReport.inconclusiveReason($0)))</li>" }.joined() + "</ul>")
            <div class="scroll"><table class="compact"><thead><tr><th>eval set / prompt / backend</th><th>scorer</th><th>metric</th><th class="num">N</th><th class="num">baseline</th><th class="num">candidate</th><th class="num">change [95% CI]</th><th class="num">p (Holm)</th><th class="num">detectable drop</th><th>verdict</th></tr></thead><tbody>

            """
        for scorer in comparison.scorers {
            for row in ComparisonReport.rows(scorer) {
                let verdictCell = row.isRegression ? "<span class=\"regression\">\(HTMLText.text(row.verdict))</span>"
                    : row.isInconclusive ? "<span class=\"inconclusive\">⚠️ \(HTMLText.text(row.verdict))</span>" : HTMLText.text(row.verdict)
                html += "<tr><td>\(HTMLText.text(scorer.suite.description))</td><td>\(HTMLText.text(scorer.scorer))</td><td class=\"nowrap\">\(HTMLText.text(row.metric))</td>"
                    + [row.cases, row.baseline, row.candidate, row.change, row.adjustedPValue, row.detectableDrop]
                        .map { "<td class=\"num\">\(HTMLText.text($0))</td>" }.joined()
                    + "<td class=\"nowrap\">\(verdictCell)</td></tr>\n"
            }
        }
        html += "</tbody></table></div>\n"
        let notes = ComparisonReport(comparison: comparison).caseChangeLines().filter { !$0.isEmpty } + comparison.notes
        if !notes.isEmpty {
            html += "<ul class=\"muted\">" + notes.map { "<li>\(HTMLText.text($0))</li>" }.joined() + "</ul>\n"
        }
        for scorer in comparison.scorers where scorer.metric == .meanScore && scorer.drop > 0 && !scorer.largestDrops.isEmpty {
            html += "<h3>Largest \(HTMLText.text(scorer.scorer)) drops in \(HTMLText.text(scorer.suite.description)) (0–1 scale)</h3>\n"
            html += "<div class=\"scroll\"><table><thead><tr><th>case</th><th class=\"num\">baseline</th><th class=\"num\">candidate</th><th>baseline output</th><th>candidate output</th></tr></thead><tbody>\n"
            for change in scorer.largestDrops.prefix(5) {
                html += "<tr><td>\(HTMLText.text(change.caseID))</td><td class=\"num\">\(Self.number(change.baseline, decimals: 3))</td>"
                    + "<td class=\"num\">\(Self.number(change.candidate, decimals: 3))</td><td>\(Self.output(change.baselineOutput))</td><td>\(Self.output(change.candidateOutput))</td></tr>\n"
            }
            html += "</tbody></table></div>\n"
        }
        let flipped = comparison.flipped
        let regressed = flipped.count { $0.direction == .regressed }
        html += "<h3>Flipped cases: \(regressed) pass → fail, \(flipped.count - regressed) fail → pass</h3>\n"
        guard !flipped.isEmpty else { return html }
        html += "<div class=\"scroll\"><table><thead><tr><th>case</th><th>change</th><th>baseline output (run \(baseline))</th><th>candidate output (run \(candidate))</th><th>why</th></tr></thead><tbody>\n"
        for flip in flipped.prefix(caseLimit) {
            let change = flip.direction == .regressed ? "<span class=\"regression\">pass → fail</span>" : "<span class=\"improvement\">fail → pass</span>"
            html += "<tr><td>\(HTMLText.text(flip.caseID))<br/><span class=\"muted\">\(HTMLText.text(flip.suite.description))</span></td><td>\(change)</td>"
                + "<td>\(Self.output(flip.baselineOutput))</td><td>\(Self.output(flip.candidateOutput))</td>"
                + "<td>\(HTMLText.text(flip.reasons.joined(separator: "; ")))</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        if flipped.count > caseLimit {
            html += "<p class=\"muted\">… \(flipped.count - caseLimit) more: <code>evalctl compare \(baseline) \(candidate) --format json</code></p>\n"
        }
        return html
    }
}
