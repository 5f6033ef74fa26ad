import Foundation

extension HTMLReport {
    /// One row per eval set × prompt × backend, most worrying first, each linking to its charts: what to look at first.
    func summarySection() -> String {
        guard !history.suites.isEmpty else { return "" }
        let summaries = Dictionary(history.runs.flatMap { $0.suites.map { ($0.suite.id, $0) } }, uniquingKeysWith: { first, _ in first })
        struct Row {
            let key: SuiteKey
            let severity: Int
            let cells: String
        }
        var rows: [Row] = []
        for suite in history.suites {
            guard let latest = suite.points.last, let summary = summaries[latest.suite.id] else { continue }
            let previous = suite.points.dropLast().last.flatMap { summaries[$0.suite.id] }
            let change = previous.map { summary.passRate - $0.passRate }
            let regressed = comparison?.regressions.contains { $0.suite == suite.key } == true
            let shifts = drift?.series.filter { $0.suite == suite.key && $0.finding.drifted } ?? []
            let newShifts = shifts.filter { $0.status == .drift }.count
            var flags: [String] = []
            let inconclusive = !regressed && comparison?.inconclusive.contains { $0.suite == suite.key } == true
            if regressed { flags.append("<span class=\"regression\">regression</span>") }
            if inconclusive { flags.append("<span class=\"inconclusive\">⚠️ gate inconclusive</span>") }
            if newShifts > 0 { flags.append("<span class=\"regression\">\(newShifts) new shift\(newShifts == 1 ? "" : "s")</span>") }
            if shifts.count > newShifts { flags.append("\(shifts.count - newShifts) ongoing shift\(shifts.count - newShifts == 1 ? "" : "s")") }
            if !summary.meetsMinimum { flags.append("<span class=\"regression\">below min</span>") }
            if summary.errored > 0 { flags.append("<span class=\"regression\">\(summary.errored) errors</span>") }
            if summary.skipped > 0 { flags.append("<span class=\"regression\">\(summary.skipped) skipped (cost budget)</span>") }
            if summary.fromCache > 0 { flags.append("\(summary.fromCache) of \(summary.total) answers from the cache") }
            let fallbacks = summary.answeredBy.filter { $0.key != summary.suite.backend }.sorted { $0.key < $1.key }
            if !fallbacks.isEmpty {
                flags.append(HTMLText.text("answered by fallbacks: " + fallbacks.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
            }
            let severity = (regressed ? 8 : 0) + (newShifts > 0 ? 4 : 0) + (summary.meetsMinimum ? 0 : 2) + (summary.errored > 0 ? 1 : 0)
            let link = "<a href=\"\(HTMLFragmentID("suite-\(suite.key)").href)\">\(HTMLText.text(suite.key.description))</a>"
            let changeText = change.map { String(format: "%+.1f pts", $0 * 100) } ?? "–"
            rows.append(Row(key: suite.key, severity: severity, cells: """
                <td>\(link)</td><td>\(HTMLText.text(latest.model))</td><td class="num">\(Self.runLink(latest.runID))</td>\
                <td class="num">\(RunSummaryReport.percent(summary.passRate))</td><td class="num">\(RunSummaryReport.percent(summary.suite.minPassRate))</td>\
                <td class="num">\(HTMLText.text(changeText))</td><td class="num">\(suite.points.count)</td>\
                <td>\(flags.isEmpty ? "<span class=\"improvement\">ok</span>" : flags.joined(separator: " · "))</td>
                """))
        }
        let ordered = rows.sorted { ($0.severity, $1.key) > ($1.severity, $0.key) }
        return """
            <h2 id="summary">At a glance</h2>
            <div class="scroll"><table class="compact"><thead><tr><th>eval set / prompt / backend</th><th>model</th><th class="num">latest run</th><th class="num">pass rate</th><th class="num">min</th><th class="num">vs previous</th><th class="num">runs</th><th>status</th></tr></thead><tbody>
            \(ordered.map { "<tr>\($0.cells)</tr>" }.joined(separator: "\n"))
            </tbody></table></div>

            """
    }
}
