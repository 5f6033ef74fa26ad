import Foundation

extension HTMLReport {
    /// One eval set × prompt × backend: a chart per scorer, then latency, time to first token, tokens and cost.
    func trendSection(_ suite: SuiteHistory) -> String {
        let points = suite.points
        let labels = points.map { "#\($0.runID)" }
        let changes = suite.attributedChanges(contentChanged: cases.contentChanged)
        let markers = changes.map { ChartMarker(at: Double($0.index) - 0.5, label: $0.summary) }
        let models = Array(Set(points.map(\.model))).sorted()
        let latest = points.last
        var html = """
            <h2 id="\(HTMLFragmentID("suite-\(suite.key)").id)">\(HTMLText.text(suite.key.description))</h2>
            <p class="muted">\(points.count) run\(points.count == 1 ? "" : "s") · model\(models.count == 1 ? "" : "s") \(HTMLText.text(models.joined(separator: ", ")))\(latest.map { " · latest eval set v" + HTMLText.text($0.suite.evalsetVersion) } ?? "")\(changes.isEmpty ? "" : " · dashed lines mark what changed:")</p>

            """
        if !changes.isEmpty {
            html += "<ul class=\"muted\">" + changes.suffix(10).map { change in
                "<li>run \(Self.runLink(change.beforeRunID)) → \(Self.runLink(change.afterRunID)): \(HTMLText.text(change.summary))</li>"
            }.joined() + "</ul>\n"
        }
        for name in suite.scorerNames {
            let scorerPoints = points.map { $0.scorers[name] }
            let continuous = scorerPoints.contains { $0?.scale.kind == .continuous }
            var series = [scorerSeries(name, "pass rate", points: points, scorers: scorerPoints, value: \.passRate, interval: \.passRateInterval)]
            // The eval set's floor applies to cases passing every scorer; with one scorer, that is this pass rate.
            if suite.scorerNames.count == 1, points.contains(where: { $0.suite.minPassRate > 0 }) {
                series.append(ChartSeries(name: "min_pass_rate", values: points.map { $0.suite.minPassRate }))
            }
            if continuous {
                series.insert(scorerSeries(name, "mean score", points: points, scorers: scorerPoints, value: \.meanScore, interval: \.meanScoreInterval), at: 0)
            }
            let metric = continuous ? "mean score (0–1) and pass rate" : "pass rate"
            var chart = LineChart(xLabels: labels, series: series, markers: markers, yAxis: .fixed(0...1), valueFormat: .percent,
                                  xAxisTitle: "run", yAxisTitle: continuous ? "score, pass rate" : "pass rate",
                                  summary: "\(name) \(metric) of \(suite.key) over \(points.count) runs, with 95% confidence bands")
            chart.height = 260
            html += figure("\(name): \(metric), with 95% confidence band\(continuous ? "s" : "")", chart)
        }
        html += pairChart(suite, labels: labels, markers: markers, title: "latency (ms)", names: ("p50", "p95"),
                          values: points.map { ($0.latency?.p50, $0.latency?.p95) }, format: .number(unit: " ms"))
        html += pairChart(suite, labels: labels, markers: markers, title: "time to first token (ms)", names: ("p50", "p95"),
                          values: points.map { ($0.timeToFirstToken?.p50, $0.timeToFirstToken?.p95) }, format: .number(unit: " ms"))
        html += pairChart(suite, labels: labels, markers: markers, title: "tokens per case", names: ("prompt", "completion"),
                          values: points.map { ($0.promptTokensPerResult, $0.completionTokensPerResult) }, format: .number)
        if points.contains(where: { $0.costPerResult != nil }) {
            // Per 1,000 cases: a cent figure reads better than five leading zeros.
            let series = ChartSeries(name: "cost per 1,000 cases", points: points.map { point in
                guard let cost = point.costPerResult else { return .gap }
                return ChartPoint(cost * 1000, link: HTMLFragmentID("run-\(point.runID)"),
                                  tooltip: "run \(point.runID) · $\(String(format: "%.4g", cost * 1000)) per 1,000 cases")
            })
            var chart = LineChart(xLabels: labels, series: [series], markers: markers, yAxis: .fromZero,
                                  valueFormat: .custom { "$" + String(format: "%g", $0) }, xAxisTitle: "run", yAxisTitle: "US$ per 1,000 cases",
                                  summary: "cost per 1,000 cases of \(suite.key)")
            chart.height = 220
            html += figure("cost per 1,000 cases (US$)", chart)
        }
        return html
    }

    /// One figure of a scorer per run, with its interval as the band and the run's details as the tooltip.
    private func scorerSeries(_ name: String, _ figure: String, points: [SuitePoint], scorers: [ScorerPoint?],
                              value: KeyPath<ScorerPoint, Double>, interval: KeyPath<ScorerPoint, ConfidenceInterval>) -> ChartSeries {
        ChartSeries(name: figure, points: zip(points, scorers).map { point, scorer -> ChartPoint in
            guard let scorer else { return .gap }
            let band = scorer[keyPath: interval], estimate = scorer[keyPath: value]
            return ChartPoint(estimate, band: band.lower...band.upper, link: HTMLFragmentID("run-\(point.runID)"),
                              tooltip: "run \(point.runID) · \(DateText.utc(point.run.startedAt)) UTC · \(name) \(figure) \(RunSummaryReport.percent(estimate)) [95% CI \(RunSummaryReport.percent(band.lower))–\(RunSummaryReport.percent(band.upper))] · \(scorer.count) results")
        })
    }

    private func pairChart(_ suite: SuiteHistory, labels: [String], markers: [ChartMarker], title: String, names: (String, String),
                           values: [(Double?, Double?)], format: ChartValueFormat) -> String {
        guard values.contains(where: { $0.0 != nil || $0.1 != nil }) else { return "" }
        let runIDs = suite.points.map(\.runID)
        func series(_ name: String, _ pick: ((Double?, Double?)) -> Double?) -> ChartSeries {
            ChartSeries(name: name, points: zip(runIDs, values).map { runID, pair in
                guard let value = pick(pair) else { return .gap }
                return ChartPoint(value, link: HTMLFragmentID("run-\(runID)"), tooltip: "run \(runID) · \(title) \(name): \(Self.number(value))")
            })
        }
        var chart = LineChart(xLabels: labels, series: [series(names.0, \.0), series(names.1, \.1)], markers: markers, yAxis: .fromZero,
                              valueFormat: format, xAxisTitle: "run", yAxisTitle: title, summary: "\(title) of \(suite.key)")
        chart.height = 220
        return figure("\(title): \(names.0) and \(names.1)", chart)
    }

    /// Every chart of a suite starts its plot at the same x, so one run lines up down the page.
    private func figure(_ caption: String, _ chart: LineChart) -> String {
        var aligned = chart
        aligned.minimumPlotLeft = 96
        return "<figure class=\"chart\"><figcaption>\(HTMLText.text(caption))</figcaption>\(aligned.svg())</figure>\n"
    }
}
