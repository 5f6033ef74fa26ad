extension HTMLReport {
    /// Every run in range, newest first, those stopped at their cost budget with how many cells they skipped; chart
    /// points link here.
    func runsSection() -> String {
        var html = """
            <h2 id="runs">Runs</h2>
            <table><thead><tr><th class="num">run</th><th>started (UTC)</th><th>status</th><th>tags</th><th>commit</th><th>suites</th><th class="num">cases</th><th class="num">pass rate</th><th class="num">errors</th><th class="num">from cache</th><th class="num">cost (answers + judging)</th></tr></thead><tbody>

            """
        let answeringModels = Dictionary(history.suites.flatMap { $0.points.map { ($0.suite.id, $0.model) } }, uniquingKeysWith: { first, _ in first })
        for summary in (history.runs + history.budgetStoppedRuns).sorted(by: { $0.run.id > $1.run.id }) {
            let run = summary.run
            // Each suite's cost beside it, when the run has any: the run's figure says the total, this says where it went.
            let suites = summary.suites.map { suite in
                let cost = summary.costUSD == nil ? "" : ": " + RunSummaryReport.costCell(suite)
                return "\(suite.suite.evalset) / \(suite.suite.promptID) / \(suite.suite.backend) (\(answeringModels[suite.suite.id] ?? suite.suite.model))\(cost)"
            }
            let focus = run.id == focusRunID ? " class=\"focus\"" : ""
            html += "<tr id=\"\(HTMLFragmentID("run-\(run.id)").id)\"\(focus)><td class=\"num\">\(run.id)</td><td>\(HTMLText.text(DateText.utc(run.startedAt)))</td>"
                + "<td>\(Self.statusText(summary))</td><td>\(HTMLText.text(summary.tags.joined(separator: ", ")))</td>"
                + "<td><code>\(HTMLText.text(run.gitCommit.map { String($0.prefix(10)) } ?? "-"))</code></td>"
                + "<td>\(HTMLText.text(suites.joined(separator: "; ")))</td><td class=\"num\">\(summary.total)</td>"
                + "<td class=\"num\">\(RunSummaryReport.percent(summary.passRate))</td><td class=\"num\">\(summary.errored)</td>"
                + "<td class=\"num\">\(summary.fromCache)</td><td class=\"num\">\(HTMLText.text(Self.costText(summary)))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// The run's status; a budget-stopped run flagged with the cells it never sent.
    static func statusText(_ summary: RunSummary) -> String {
        let status = HTMLText.text(summary.run.status.rawValue)
        guard summary.run.status == .budgetStopped else { return status }
        return status + " · <span class=\"regression\">\(summary.skipped) skipped (cost budget)</span>"
    }

    /// `$0.36 ($0.30 + $0.06)`, with the backends when there are several; `-` without prices.
    static func costText(_ summary: RunSummary) -> String {
        guard let cost = summary.costUSD else { return "-" }
        var text = CostBudget.dollars(cost)
        if let judging = summary.judgingCostUSD { text += " (\(CostBudget.dollars(summary.generationCostUSD ?? 0)) + \(CostBudget.dollars(judging)))" }
        let backends = summary.costByBackend
        if backends.count > 1 { text += "; " + backends.map { "\($0.backend) \(CostBudget.dollars($0.costUSD))" }.joined(separator: ", ") }
        return text
    }
}
