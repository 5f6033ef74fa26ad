extension HTMLReport {
    /// Cases that flip often, cases that always fail, outputs that changed for the same request, content changes.
    func caseSection() -> String {
        let runs = history.runs.count
        var html = """
            <h2 id="cases">Per-case history</h2>
            <p class="muted">\(cases.trackedCases) cases over \(runs) runs. A flip is a case passing in one run and failing in the next with the same content; a flip at a run where the backend config, prompt, eval set or model changed is that change's, not flakiness\(cases.explainedFlips > 0 ? " (\(cases.explainedFlips) such flip\(cases.explainedFlips == 1 ? "" : "s") not counted)" : ""). Outputs that differ for the very same request (input and parameters) are labelled with what was recorded as changed between their runs (backend config, model, fingerprint, prompt, eval set, evalctl), and generation noise only when nothing recorded changed; a change of a case's content is a data change.</p>

            """
        html += "<h3>Cases that flip most (\(cases.flaky.count) flipped at least once)</h3>\n"
        if cases.flaky.isEmpty {
            html += "<p class=\"muted\">No case flipped.</p>\n"
        } else {
            html += "<table><thead><tr><th>case</th><th>eval set / prompt / backend</th><th class=\"num\">runs</th><th class=\"num\">flips</th><th class=\"num\">flip rate</th><th class=\"num\">pass rate</th><th>history</th></tr></thead><tbody>\n"
            for track in cases.flaky.prefix(caseLimit) {
                // The last 30 runs: a sparkline of 200 flips is a solid bar.
                let recent = track.observations.suffix(30)
                let spark = Sparkline(values: recent.map(\.passFraction), range: 0...1,
                                      summary: "pass (1) and fail (0) of \(track.caseID) over its last \(recent.count) runs")
                html += "<tr><td>\(HTMLText.text(track.caseID))</td><td>\(HTMLText.text(track.suite.description))</td>"
                    + "<td class=\"num\">\(track.observations.count)</td><td class=\"num\">\(track.flips)</td>"
                    + "<td class=\"num\">\(RunSummaryReport.percent(track.flipRate))</td><td class=\"num\">\(RunSummaryReport.percent(track.passRate))</td><td>\(spark.svg())</td></tr>\n"
            }
            html += "</tbody></table>\n" + Self.more(cases.flaky.count, shown: caseLimit)
        }
        html += "<h3>Cases that always fail (\(cases.alwaysFailing.count))</h3>\n"
        if runs < 2 {
            html += "<p class=\"muted\">Needs at least two runs.</p>\n"
        } else if cases.alwaysFailing.isEmpty {
            html += "<p class=\"muted\">No case failed in every run.</p>\n"
        } else {
            html += Self.caseList(cases.alwaysFailing, limit: caseLimit * 2)
        }
        html += "<h3>Outputs that changed for the same request (\(cases.changedOutputCount))</h3>\n"
        if cases.changedOutputs.isEmpty {
            html += "<p class=\"muted\">Every request gave the same output in every run.</p>\n"
        } else {
            html += "<table><thead><tr><th>case</th><th class=\"num\">outputs</th><th class=\"num\">similarity</th><th>likely cause</th><th>earlier output</th><th>latest output</th></tr></thead><tbody>\n"
            for change in cases.changedOutputs.prefix(caseLimit) {
                html += "<tr><td>\(HTMLText.text(change.caseID))<br/><span class=\"muted\">\(HTMLText.text(change.suite.description))</span></td>"
                    + "<td class=\"num\">\(change.distinctOutputs) of \(change.results)</td><td class=\"num\">\(RunSummaryReport.percent(change.similarity))</td>"
                    + "<td>\(HTMLText.text(causeText(change)))</td>"
                    + "<td>\(Self.runLink(change.previous.runID)) \(Self.output(change.previous.output, limit: 300))</td>"
                    + "<td>\(Self.runLink(change.latest.runID)) \(Self.output(change.latest.output, limit: 300))</td></tr>\n"
            }
            html += "</tbody></table>\n" + Self.more(cases.changedOutputCount, shown: min(caseLimit, cases.changedOutputs.count))
        }
        if !cases.contentChanged.isEmpty {
            html += "<h3>Cases whose content changed (\(cases.contentChanged.count))</h3>\n" + Self.caseList(cases.contentChanged, limit: caseLimit * 2)
        }
        return html
    }

    /// "… 49 more", when a table shows only some of its rows.
    static func more(_ total: Int, shown: Int) -> String {
        total > shown ? "<p class=\"muted\">… \(total - shown) more not shown</p>\n" : ""
    }

    /// Case ids grouped by suite, at most `limit` per suite.
    static func caseList(_ tracks: [CaseTrack], limit: Int) -> String {
        let bySuite = Dictionary(grouping: tracks, by: \.suite)
        let items = bySuite.keys.sorted().map { suite in
            let ids = bySuite[suite]!.map(\.caseID)
            let more = ids.count > limit ? " … and \(ids.count - limit) more" : ""
            return "<li><b>\(HTMLText.text(suite.description))</b> (\(ids.count)): \(HTMLText.text(ids.prefix(limit).joined(separator: ", ")))\(more)</li>"
        }
        return "<ul>" + items.joined() + "</ul>\n"
    }

    /// What changed between the two outputs' runs (`ChangeAttribution`); generation noise only when nothing recorded did.
    func causeText(_ change: ChangedOutput) -> String {
        let causes = change.causes(in: history)
        guard causes.isEmpty else { return causes.map(\.description).joined(separator: "; ") }
        return change.backendConfigRecorded(in: history)
            ? "generation noise (nothing recorded changed: same backend config, model and fingerprint)"
            : "generation noise (same model and fingerprint; the backend config was not recorded for one of the runs)"
    }
}
