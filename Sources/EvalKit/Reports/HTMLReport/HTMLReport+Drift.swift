extension HTMLReport {
    /// The drift check's findings: drifted series first, each with where the shift started and what changed there.
    func driftSection(_ drift: DriftCheck) -> String {
        let drifted = drift.drifted
        let headline = drifted.isEmpty ? "<span class=\"improvement\">no drift</span>" : "<span class=\"regression\">\(drifted.count) series drifted</span>"
        var html = """
            <h2 id="drift">Drift: \(headline)</h2>
            <p class="muted">Two-sided CUSUM on each series' per-run values, with the noise level estimated from the first runs (see the README). \(drift.series.count) series checked.</p>

            """
        guard !drifted.isEmpty else { return html }
        html += "<table><thead><tr><th>eval set / prompt / backend</th><th>series</th><th>shift</th><th class=\"num\">from run</th><th>what changed around it</th></tr></thead><tbody>\n"
        for series in drifted {
            let from = series.changeRunID.map(Self.runLink) ?? "-"
            let causes = series.causes.isEmpty ? "nothing evalctl records changed: the model behind the API may have changed silently" : series.causes.joined(separator: "; ")
            html += "<tr><td>\(HTMLText.text(series.suite.description))</td><td>\(HTMLText.text(series.metric))</td>"
                + "<td class=\"regression\">\(HTMLText.text(DriftReport.shiftText(series)))</td><td class=\"num\">\(from)</td><td>\(HTMLText.text(causes))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }
}
