import Foundation

extension HTMLReport {
    /// Production feedback (`evalctl feedback import`): the down-vote rate per day with its 95% band, and the days whose
    /// down-votes jumped above the days before them.
    func feedbackSection(_ analysis: FeedbackAnalysis) -> String {
        let flagged = analysis.flaggedDays
        let headline = flagged.isEmpty ? "no jump" : "<span class=\"regression\">\(flagged.count) day\(flagged.count == 1 ? "" : "s") flagged</span>"
        var html = """
            <h2 id="feedback">Production feedback: \(headline)</h2>
            <p class="muted">\(analysis.total) rated answers, \(analysis.down) down-voted: down rate \(HTMLText.text(FeedbackReport.percent(analysis.downRate))) (95% interval \(HTMLText.text(FeedbackReport.range(analysis.interval)))). A day is flagged when its down-votes are improbably high for the pooled rate of the \(FeedbackAnalysis.baselineDays) days before it (one-sided binomial test, p &lt; \(FeedbackAnalysis.alpha); see docs/feedback.md).</p>

            """
        let days = analysis.groups
        if days.count > 1 {
            let points = days.map { day in
                ChartPoint(day.downRate, band: day.interval.lower...day.interval.upper,
                           tooltip: "\(day.key): \(day.down) of \(day.total) down-voted")
            }
            let markers = days.indices.filter { days[$0].flagged }.map { ChartMarker(at: Double($0), label: "jump") }
            var chart = LineChart(xLabels: days.map { String($0.key.dropFirst(5)) }, series: [ChartSeries(name: "down rate", points: points)],
                                  markers: markers, yAxis: .fixed(0...1), valueFormat: .percent, xAxisTitle: "day (UTC)",
                                  yAxisTitle: "down rate", summary: "down-vote rate per day over \(days.count) days, with 95% bands")
            chart.height = 240
            html += "<figure class=\"chart\"><figcaption>down-vote rate per day, with 95% band</figcaption>\(chart.svg())</figure>\n"
        }
        guard !flagged.isEmpty else { return html }
        html += "<div class=\"scroll\"><table><thead><tr><th>day (UTC)</th><th class=\"num\">rated</th><th class=\"num\">down</th><th class=\"num\">rate</th><th class=\"num\">days before</th><th class=\"num\">p</th></tr></thead><tbody>\n"
        for day in flagged {
            html += "<tr><td>\(HTMLText.text(day.key))</td><td class=\"num\">\(day.total)</td><td class=\"num\">\(day.down)</td>"
                + "<td class=\"num regression\">\(HTMLText.text(FeedbackReport.percent(day.downRate)))</td>"
                + "<td class=\"num\">\(HTMLText.text(day.baselineRate.map(FeedbackReport.percent) ?? "-"))</td>"
                + "<td class=\"num\">\(HTMLText.text(day.pValue.map { String(format: "%.2g", $0) } ?? "-"))</td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }
}
