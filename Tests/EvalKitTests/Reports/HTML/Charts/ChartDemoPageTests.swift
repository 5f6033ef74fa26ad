import Foundation
import Testing
import EvalKit

/// A page with the charts a drift report needs, checked as a whole; set `EVALCTL_HTML_DEMO` to a
/// file path to also write it there, then look at it with `scripts/html-screenshot.sh`.
@Suite("HTML chart demo page")
struct ChartDemoPageTests {
    @Test("a page with pass-rate, latency and 200-run charts is well-formed and script-free")
    func demoPageIsWellFormed() throws {
        let html = Self.page().html()
        let parsed = try ParsedXML(html)
        #expect(parsed.all("svg").count == 8)
        #expect(!html.lowercased().contains("<script"))
        if let path = ProcessInfo.processInfo.environment["EVALCTL_HTML_DEMO"] {
            try html.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// A smooth but irregular series, the same on every run of the test.
    static func wobble(_ index: Int, seed: Double) -> Double {
        sin(Double(index) * 0.9 + seed) * 0.6 + sin(Double(index) * 2.3 + seed * 2) * 0.4
    }

    static func dateLabels(_ count: Int) -> [String] {
        (0..<count).map { index in
            let month = 1 + (index / 28) % 12
            let day = 1 + index % 28
            return (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)"
        }
    }

    static func passRateChart() -> LineChart {
        let points = (0..<30).map { index -> ChartPoint in
            let rate = (index < 20 ? 0.87 : 0.71) + wobble(index, seed: 1) * 0.03
            let half = 0.06 + wobble(index, seed: 4).magnitude * 0.02
            return ChartPoint(rate, band: (rate - half)...min(rate + half, 1), link: HTMLFragmentID("run-\(index + 1)"))
        }
        return LineChart(
            xLabels: dateLabels(30), series: [ChartSeries(name: "pass rate", points: points)],
            markers: [ChartMarker(at: 19.5, label: "model changed"), ChartMarker(at: 20, label: "eval set hash changed"),
                      ChartMarker(at: 26, label: "prompt v3")],
            yAxis: .fixed(0...1), valueFormat: .percent, xAxisTitle: "run date", yAxisTitle: "pass rate",
            summary: "Pass rate over 30 runs; drops after the model changed at run 21")
    }

    static func latencyChart() -> LineChart {
        let p50 = (0..<30).map { index -> Double? in (11...12).contains(index) ? nil : 420 + wobble(index, seed: 2) * 40 }
        let p95 = (0..<30).map { index -> Double? in (11...12).contains(index) ? nil : 910 + wobble(index, seed: 3) * 120 }
        return LineChart(
            xLabels: dateLabels(30),
            series: [ChartSeries(name: "p50 latency", values: p50), ChartSeries(name: "p95 latency", values: p95)],
            yAxis: .fromZero, valueFormat: .number(unit: "ms"), yAxisTitle: "latency",
            summary: "p50 and p95 latency over 30 runs, no data for two runs")
    }

    static func longHistoryChart() -> LineChart {
        let values = (0..<200).map { index in 0.8 + wobble(index, seed: 5) * 0.05 - Double(index) * 0.0004 }
        return LineChart(
            xLabels: dateLabels(200), series: [ChartSeries(name: "exact match", values: values)],
            markers: [ChartMarker(at: 120, label: "model changed")],
            yAxis: .automatic, valueFormat: .percent, xAxisTitle: "run date",
            summary: "Exact-match rate over 200 runs")
    }

    /// Long run ids as labels, markers close together and near the right edge, three series.
    static func crowdedChart() -> LineChart {
        let labels = (0..<60).map { "run-2024-11-\($0 + 1)-a1b2c3d4" }
        let series = (0..<3).map { index in
            ChartSeries(name: "judge score, model \(index + 1)", points: (0..<60).map { run in
                run % 17 == 5 ? .gap : ChartPoint(3 + Double(index) + wobble(run, seed: Double(index)))
            })
        }
        let markers = [(10.0, "model changed"), (11, "eval set hash changed"), (12, "prompt v2"),
                       (13, "judge model changed"), (14, "temperature 0.7"), (58, "model changed again at the very end")]
            .map { ChartMarker(at: $0.0, label: $0.1) }
        return LineChart(xLabels: labels, series: series, markers: markers, yAxisTitle: "score",
                         summary: "Judge score of three models over 60 runs")
    }

    static func hostileChart() -> LineChart {
        let evil = "<script>alert(1)</script>"
        return LineChart(
            xLabels: ["\"><img src=x onerror=alert(1)>", evil, "ok"],
            series: [ChartSeries(name: evil, points: [ChartPoint(1, tooltip: evil), ChartPoint(2), ChartPoint(3)]),
                     ChartSeries(name: "a\u{1B}[31m & b", values: [2, 1, 2])],
            markers: [ChartMarker(at: 1, label: evil)], summary: evil, height: 220)
    }

    static func page() -> HTMLPage {
        func figure(_ caption: String, _ chart: LineChart) -> String {
            "<figure class=\"chart\"><figcaption>\(HTMLText.text(caption))</figcaption>\(chart.svg())</figure>"
        }
        let rows = (1...3).map { run in
            let spark = Sparkline(values: [0.9, 0.85, nil, 0.88, 0.7, 0.72], range: 0...1, summary: "pass rate, run \(run)")
            return "<tr id=\"\(HTMLFragmentID("run-\(run)").id)\"><td>run \(run)</td><td class=\"num\">0.\(80 + run)</td><td>\(spark.svg())</td></tr>"
        }.joined()
        let body = """
            <h1>Drift report: world-facts</h1>
            <p class="muted">Generated by evalctl. Charts are SVG; no scripts.</p>
            \(figure("Pass rate", passRateChart()))
            \(figure("Latency", latencyChart()))
            \(figure("Exact match, 200 runs", longHistoryChart()))
            \(figure("Crowded: long labels, close markers", crowdedChart()))
            \(figure("Hostile strings <script>alert(1)</script>", hostileChart()))
            <h2>Runs</h2>
            <table><thead><tr><th>run</th><th class="num">pass rate</th><th>trend</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return HTMLPage(title: "Drift report <world-facts>", body: body)
    }
}
