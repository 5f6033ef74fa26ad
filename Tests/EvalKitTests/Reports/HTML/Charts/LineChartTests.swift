import Testing
import EvalKit

@Suite("Line chart SVG")
struct LineChartTests {
    static let evil = "<script>alert(1)</script>"
    static let attributeBreakout = "\"><img src=x onerror=alert(1)>"

    static func dates(_ count: Int) -> [String] {
        (0..<count).map { "11-\($0 + 1)" }
    }

    /// Subpaths in an SVG path: one `M` per unbroken stretch of line.
    static func subpathCount(_ element: ParsedXML.Element?) -> Int {
        element?.attributes["d"]?.filter { $0 == "M" }.count ?? 0
    }

    @Test("the chart is a well-formed, scalable SVG with an accessible name")
    func svgIsWellFormed() throws {
        let chart = LineChart(xLabels: Self.dates(5), series: [ChartSeries(name: "pass rate", values: [0.8, 0.9, 0.85, 0.7, 0.75])],
                              summary: "Pass rate over 5 runs")
        let parsed = try ParsedXML(chart.svg())
        let root = try #require(parsed.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["viewBox"] == "0 0 800 300")
        #expect(root.attributes["width"] == "100%")
        #expect(root.attributes["height"] == nil)
        #expect(root.attributes["aria-label"] == "Pass rate over 5 runs")
    }

    @Test("hostile text in every slot shows as text and never as markup")
    func hostileTextIsEscapedEverywhere() throws {
        let chart = LineChart(
            xLabels: [Self.evil, Self.attributeBreakout, "ok"],
            series: [ChartSeries(name: Self.evil, points: [ChartPoint(1, tooltip: Self.attributeBreakout), ChartPoint(2), ChartPoint(3)]),
                     ChartSeries(name: Self.attributeBreakout, values: [3, 2, 1])],
            markers: [ChartMarker(at: 1, label: Self.evil), ChartMarker(at: 2, label: Self.attributeBreakout)],
            valueFormat: .custom { "<script>\($0)</script>" },
            xAxisTitle: Self.evil, yAxisTitle: Self.attributeBreakout, summary: Self.attributeBreakout)
        let svg = chart.svg()
        #expect(!svg.lowercased().contains("<script"))
        #expect(!svg.lowercased().contains("<img"))
        let parsed = try ParsedXML(svg)
        let allowed: Set = ["svg", "g", "a", "title", "text", "line", "path", "circle", "rect"]
        #expect(Set(parsed.elements.map(\.name)).isSubset(of: allowed))
        #expect(!parsed.elements.contains { $0.attributes.keys.contains { $0.lowercased().hasPrefix("on") } })
        let titles = parsed.all("title").map(\.text)
        #expect(titles.contains(Self.attributeBreakout), "custom tooltip")
        #expect(titles.contains(Self.evil), "marker label tooltip")
        let texts = parsed.all("text").map(\.text)
        #expect(texts.contains(Self.evil), "legend entry or axis title")
        #expect(texts.contains { $0.hasPrefix("<script>") }, "y tick from the value format")
        #expect(parsed.all(class: "x-tick").contains { $0.text.contains("<scri") })
    }

    @Test("a gap breaks the line into separate stretches")
    func gapsBreakTheLine() throws {
        let chart = LineChart(xLabels: Self.dates(8), series: [ChartSeries(name: "p50", values: [1, 2, nil, 3, 4, nil, nil, 5])])
        let parsed = try ParsedXML(chart.svg())
        let lines = parsed.all(class: "line")
        #expect(lines.count == 1)
        #expect(Self.subpathCount(lines.first) == 3)
        #expect(parsed.all(class: "point").count == 5)
    }

    @Test("NaN and infinity are gaps, not points")
    func nonFiniteValuesAreGaps() throws {
        let chart = LineChart(xLabels: Self.dates(4), series: [ChartSeries(name: "x", values: [1, .nan, 2, .infinity])])
        let svg = chart.svg()
        #expect(!svg.lowercased().contains("nan"))
        let parsed = try ParsedXML(svg)
        #expect(Self.subpathCount(parsed.all(class: "line").first) == 2)
        #expect(parsed.all(class: "point").count == 2)
    }

    @Test("a line without gaps is one stretch")
    func unbrokenLineIsOnePath() throws {
        let chart = LineChart(xLabels: Self.dates(5), series: [ChartSeries(name: "x", values: [1, 2, 3, 4, 5])])
        #expect(Self.subpathCount(try ParsedXML(chart.svg()).all(class: "line").first) == 1)
    }

    @Test("bands are drawn only where points have one")
    func bandsOnlyWhereGiven() throws {
        let points = (0..<10).map { index in
            ChartPoint(0.5, band: [2, 3, 4, 7].contains(index) ? 0.4...0.6 : nil)
        }
        let withBands = try ParsedXML(LineChart(xLabels: Self.dates(10), series: [ChartSeries(name: "x", points: points)]).svg())
        #expect(withBands.all(class: "band").count == 2)
        let without = try ParsedXML(LineChart(xLabels: Self.dates(10), series: [ChartSeries(name: "x", values: Array(repeating: 0.5, count: 10))]).svg())
        #expect(without.all(class: "band").isEmpty)
    }

    @Test("a band spans its bounds on the y axis")
    func bandCoversItsBounds() throws {
        let chart = LineChart(xLabels: Self.dates(3), series: [ChartSeries(name: "x", points: [
            ChartPoint(0.5, band: 0.2...0.8), ChartPoint(0.5, band: 0.2...0.8), ChartPoint(0.5, band: 0.2...0.8),
        ])], yAxis: .fixed(0...1))
        let parsed = try ParsedXML(chart.svg())
        let band = try #require(parsed.all(class: "band").first?.attributes["d"])
        let ys = band.split(whereSeparator: { "MLZ".contains($0) }).compactMap { Double($0.split(separator: " ")[1]) }
        let gridY = parsed.all(class: "y-tick").compactMap { $0.number("y") }
        let (top, bottom) = (gridY.min()!, gridY.max()!)
        let expectedHigh = bottom - 0.8 * (bottom - top)
        let expectedLow = bottom - 0.2 * (bottom - top)
        #expect(ys.contains { ($0 - expectedHigh).magnitude < 0.2 })
        #expect(ys.contains { ($0 - expectedLow).magnitude < 0.2 })
    }

    @Test("points with a link are wrapped in an in-page anchor; others are not")
    func linksOnlyWhereGiven() throws {
        let points = (0..<5).map { ChartPoint(Double($0), link: $0.isMultiple(of: 2) ? HTMLFragmentID("run-\($0)") : nil) }
        let parsed = try ParsedXML(LineChart(xLabels: Self.dates(5), series: [ChartSeries(name: "x", points: points)]).svg())
        let anchors = parsed.all("a")
        #expect(anchors.map { $0.attributes["href"] } == ["#run-0", "#run-2", "#run-4"])
        #expect(parsed.all(class: "point").count == 5)
    }

    @Test("the default tooltip names the series, the run and the formatted value with its band")
    func defaultTooltip() throws {
        let chart = LineChart(xLabels: ["11-24"], series: [ChartSeries(name: "pass rate", points: [ChartPoint(0.825, band: 0.75...0.9)])],
                              yAxis: .fixed(0...1), valueFormat: .percent)
        let titles = try ParsedXML(chart.svg()).all("title").map(\.text)
        #expect(titles.contains("pass rate · 11-24: 82.5% (75.0% – 90.0%)"))
    }

    @Test("200 runs get a thinned, evenly stepped set of x labels that do not collide")
    func manyRunsThinXLabels() throws {
        let chart = LineChart(xLabels: Self.dates(200), series: [ChartSeries(name: "x", values: (0..<200).map { Double($0 % 7) })])
        let ticks = try ParsedXML(chart.svg()).all(class: "x-tick")
        #expect((4...20).contains(ticks.count), "\(ticks.count) labels")
        #expect(ticks.first?.text == "11-1")
        let xs = ticks.compactMap { $0.number("x") }
        let widest = ticks.map { Double($0.text.count) * 0.62 * 12 }.max()!
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $1 - $0 > widest + 4 })
        let labelled = ticks.compactMap { Int($0.text.dropFirst(3)) }.map { $0 - 1 }
        let stride = labelled[1] - labelled[0]
        #expect([2, 5, 10, 20, 50].contains(stride))
        #expect(labelled == Array(Swift.stride(from: 0, to: 200, by: stride)))
    }

    @Test("a few runs keep every x label")
    func fewRunsKeepAllLabels() throws {
        let chart = LineChart(xLabels: Self.dates(6), series: [ChartSeries(name: "x", values: [1, 2, 3, 4, 5, 6])])
        #expect(try ParsedXML(chart.svg()).all(class: "x-tick").map(\.text) == Self.dates(6))
    }

    @Test("long x labels are shortened, keeping both ends, with the full label as tooltip")
    func longXLabelsAreShortened() throws {
        let label = "run-2024-11-24-a1b2c3d4"
        let parsed = try ParsedXML(LineChart(xLabels: [label], series: [ChartSeries(name: "x", values: [1])]).svg())
        let tick = try #require(parsed.all(class: "x-tick").first)
        #expect(tick.text.count <= 14)
        #expect(tick.text.hasPrefix("run-") && tick.text.hasSuffix("c3d4") && tick.text.contains("…"))
        #expect(parsed.all("title").contains { $0.text == label && $0.ancestors.last == "text" })
    }

    @Test("each marker draws a dashed line and its label; markers at one place are stacked")
    func markersAreDrawnAndStacked() throws {
        let chart = LineChart(xLabels: Self.dates(30), series: [ChartSeries(name: "x", values: Array(repeating: 1, count: 30))],
                              markers: [ChartMarker(at: 20, label: "model changed"), ChartMarker(at: 20, label: "eval set hash changed"),
                                        ChartMarker(at: 5, label: "prompt v2")])
        let parsed = try ParsedXML(chart.svg())
        #expect(parsed.all(class: "marker").count == 3)
        let dashed = parsed.elements.filter { $0.name == "line" && $0.ancestors.last == "g" && $0.attributes["stroke-dasharray"] != nil }
        #expect(dashed.count == 3)
        let labels = parsed.elements.filter { $0.name == "text" && $0.ancestors.last == "g" && $0.attributes["font-size"] == "11" }
        #expect(Set(labels.map(\.text)) == ["model changed", "eval set hash changed", "prompt v2"])
        let stacked = labels.filter { $0.text != "prompt v2" }.compactMap { $0.number("y") }
        #expect(stacked.count == 2 && (stacked[0] - stacked[1]).magnitude >= 11)
        let lone = labels.first { $0.text == "prompt v2" }?.number("y")
        #expect(lone == stacked.min(), "a marker with room uses the first row")
    }

    @Test("a marker near the right edge puts its label left of the line")
    func markerLabelFlipsAtRightEdge() throws {
        let chart = LineChart(xLabels: Self.dates(10), series: [ChartSeries(name: "x", values: Array(repeating: 1, count: 10))],
                              markers: [ChartMarker(at: 9, label: "model changed at the end")])
        let label = try #require(try ParsedXML(chart.svg()).elements.first { $0.name == "text" && $0.text == "model changed at the end" })
        #expect(label.attributes["text-anchor"] == "end")
        #expect(try #require(label.number("x")) <= 800)
    }

    @Test("a legend appears only with more than one series, and series differ in colour and dash")
    func legendAndSeriesStyles() throws {
        let two = try ParsedXML(LineChart(xLabels: Self.dates(3), series: [
            ChartSeries(name: "p50 latency", values: [1, 2, 3]), ChartSeries(name: "p95 latency", values: [2, 4, 6]),
        ]).svg())
        #expect(two.all("text").filter { $0.ancestors.contains("g") && ["p50 latency", "p95 latency"].contains($0.text) }.count == 2)
        #expect(two.all(class: "legend").count == 1)
        let lines = two.all(class: "line")
        #expect(lines.count == 2)
        #expect(lines[0].attributes["stroke"] != lines[1].attributes["stroke"])
        #expect(lines[0].attributes["stroke-dasharray"] != lines[1].attributes["stroke-dasharray"])
        let one = try ParsedXML(LineChart(xLabels: Self.dates(3), series: [ChartSeries(name: "p50", values: [1, 2, 3])]).svg())
        #expect(one.all(class: "legend").isEmpty)
    }

    @Test("a fixed 0…1 range with the percent format labels the y axis 0% to 100%")
    func fixedRangeWithPercent() throws {
        let chart = LineChart(xLabels: Self.dates(3), series: [ChartSeries(name: "x", values: [0.5, 0.6, 0.7])],
                              yAxis: .fixed(0...1), valueFormat: .percent)
        #expect(try ParsedXML(chart.svg()).all(class: "y-tick").map(\.text) == ["0%", "20%", "40%", "60%", "80%", "100%"])
    }

    @Test("values outside a fixed range are drawn on the plot's edge")
    func outOfRangeValuesAreClamped() throws {
        let chart = LineChart(xLabels: Self.dates(3), series: [ChartSeries(name: "x", values: [-0.5, 0.5, 1.5])], yAxis: .fixed(0...1))
        let parsed = try ParsedXML(chart.svg())
        let gridY = parsed.all(class: "y-tick").compactMap { $0.number("y") }
        let circles = parsed.all("circle").filter { $0.attributes["fill"] != "transparent" }.compactMap { $0.number("cy") }
        #expect(circles.count == 3)
        #expect(circles.allSatisfy { $0 >= gridY.min()! - 0.1 && $0 <= gridY.max()! + 0.1 })
    }

    @Test("the y axis from zero starts at 0 and covers the maximum")
    func fromZeroAxis() throws {
        let chart = LineChart(xLabels: Self.dates(3), series: [ChartSeries(name: "x", values: [812, 900, 1030])], yAxis: .fromZero,
                              valueFormat: .number(unit: "ms"))
        let ticks = try ParsedXML(chart.svg()).all(class: "y-tick").map(\.text)
        #expect(ticks.first == "0 ms")
        #expect(ticks.last == "1200 ms")
    }

    @Test("all text is at least 11 units high at the default size")
    func fontSizesAreReadable() throws {
        let chart = LineChart(xLabels: Self.dates(30), series: [ChartSeries(name: "a", values: [1, 2]), ChartSeries(name: "b", values: [2, 1])],
                              markers: [ChartMarker(at: 1, label: "model changed")], xAxisTitle: "run", yAxisTitle: "score")
        let parsed = try ParsedXML(chart.svg())
        let sizes = parsed.elements.compactMap { $0.number("font-size") }
        #expect(!sizes.isEmpty)
        #expect(sizes.allSatisfy { $0 >= 11 })
    }

    @Test("charts with no series, no runs or a single run still render")
    func degenerateCharts() throws {
        _ = try ParsedXML(LineChart(xLabels: [], series: []).svg())
        _ = try ParsedXML(LineChart(xLabels: ["a"], series: [ChartSeries(name: "x", values: [nil])]).svg())
        let single = try ParsedXML(LineChart(xLabels: ["only"], series: [ChartSeries(name: "x", values: [0.5])]).svg())
        #expect(single.all(class: "point").count == 1)
        #expect(single.all(class: "x-tick").map(\.text) == ["only"])
    }

    @Test("with many runs, only points that stand alone get a visible shape")
    func densePointsDrawOnlyIsolatedShapes() throws {
        var values: [Double?] = (0..<200).map { Double($0 % 5) }
        values[99] = nil
        values[101] = nil
        let parsed = try ParsedXML(LineChart(xLabels: Self.dates(200), series: [ChartSeries(name: "x", values: values)]).svg())
        #expect(parsed.all(class: "point").count == 198)
        let visible = parsed.all("circle").filter { $0.attributes["fill"] != "transparent" && $0.ancestors.last == "g" }
        #expect(visible.count == 1)
    }
}
