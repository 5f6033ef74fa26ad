extension HTMLReport {
    /// The drift check's findings: drifted series first, each with where the shift started and what changed there.
    func driftSection(_ drift: DriftCheck) -> String {
        let drifted = drift.drifted, alerts = drift.alerts.count
        let headline = if alerts > 0 { "<span class=\"regression\">\(alerts) new shift\(alerts == 1 ? "" : "s")</span>" }
            else if !drifted.isEmpty { "no new shift (\(drifted.count) ongoing)" }
            else if drift.tooFewRuns.count == drift.series.count { "<span class=\"muted\">too few runs to judge</span>" }
            else { "<span class=\"improvement\">no drift</span>" }
        var html = """
            <h2 id="drift">Drift: \(headline)</h2>
            <p class="muted">\(HTMLText.text(DriftReport(check: drift, history: history).verdict())). Self-starting two-sided CUSUM on each series' per-run values, with the noise level estimated from the history (see docs/report-and-drift.md).</p>

            """
        guard !drifted.isEmpty else { return html }
        html += "<div class=\"scroll\"><table><thead><tr><th>eval set / prompt / backend</th><th>series</th><th>status</th><th>shift</th><th class=\"num\">from run</th><th>what changed around it</th></tr></thead><tbody>\n"
        for series in drifted {
            let from = series.changeRunID.map(Self.runLink) ?? "-"
            let causes = series.causes.isEmpty ? "nothing evalctl records changed: the model behind the API may have changed silently" : series.causes.joined(separator: "; ")
            html += "<tr><td>\(HTMLText.text(series.suite.description))</td><td>\(HTMLText.text(series.metric))</td><td>\(HTMLText.text(DriftReport.statusText(series.status)))</td>"
                + "<td class=\"regression\">\(HTMLText.text(DriftReport.shiftText(series)))</td><td class=\"num\">\(from)</td><td>\(HTMLText.text(causes))</td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }
}
