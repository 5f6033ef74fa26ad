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
            <p class="muted">\(HTMLText.text(DriftReport(check: drift, history: history).verdict())). Pass rates and mean scores are judged with each run's own sampling error (a single-run limit and a CUSUM); latency, tokens and cost with a self-starting CUSUM on the history's noise. A shift is new until a drift run has reported it (the alert ledger; see docs/report-and-drift.md).</p>

            """
        guard !drifted.isEmpty else { return html }
        html += "<div class=\"scroll\"><table><thead><tr><th>eval set / prompt / backend</th><th>series</th><th>status</th><th>shift</th><th class=\"num\">from run</th><th>what changed around it</th></tr></thead><tbody>\n"
        for series in drifted {
            let from = series.changeRunID.map(Self.runLink) ?? "-"
            let causes = series.causes.isEmpty ? "nothing evalctl records changed: the model behind the API may have changed silently" : series.causes.joined(separator: "; ")
            html += "<tr><td>\(HTMLText.text(series.suite.description))</td><td>\(HTMLText.text(series.metric))</td><td>\(HTMLText.text(Self.driftStatus(series)))</td>"
                + "<td class=\"regression\">\(HTMLText.text(DriftReport.shiftText(series)))</td><td class=\"num\">\(from)</td><td>\(HTMLText.text(causes))</td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    /// "DRIFT (new)" or "ongoing (alerted 2026-12-01 03:00 UTC)".
    static func driftStatus(_ series: DriftCheck.Series) -> String {
        guard let delivered = series.delivered else { return DriftReport.statusText(series.status) + (series.status == .drift ? " (new)" : "") }
        return "\(DriftReport.statusText(series.status)) (alerted \(DateText.utc(delivered.deliveredAt)) UTC)"
    }
}
