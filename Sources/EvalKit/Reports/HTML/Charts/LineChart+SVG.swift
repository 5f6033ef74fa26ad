extension LineChart {
    /// The chart as an `<svg>` element that fills its container's width.
    ///
    /// Drawn back to front: grid and axes, marker lines, confidence bands, lines, points with
    /// their tooltips and links, then marker labels and the legend on top.
    public func svg() -> String {
        let layout = LineChartLayout(chart: self)
        var svg = SVGMarkup()
        svg.open("svg", [
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": "0 0 \(c(width)) \(c(height))",
            "width": "100%",
            "class": "chart",
            "role": "img",
            "aria-label": summary,
            "font-family": HTMLPage.fontStack,
            "font-size": c(LineChartLayout.fontSize),
            "fill": "#222",
        ])
        drawYAxis(layout, into: &svg)
        drawXAxis(layout, into: &svg)
        drawMarkerLines(layout, into: &svg)
        for (index, item) in series.enumerated() {
            drawBands(item, style: .forSeries(index), layout: layout, into: &svg)
        }
        for (index, item) in series.enumerated() {
            drawLine(item, style: .forSeries(index), layout: layout, into: &svg)
        }
        for (index, item) in series.enumerated() {
            drawPoints(item, style: .forSeries(index), layout: layout, into: &svg)
        }
        drawMarkerLabels(layout, into: &svg)
        drawLegend(layout, into: &svg)
        svg.close("svg")
        return svg.text
    }

    private func drawYAxis(_ layout: LineChartLayout, into svg: inout SVGMarkup) {
        svg.open("g", ["class": "y-axis"])
        for (tick, label) in zip(layout.scale.ticks, layout.yTickLabels) {
            let y = c(layout.y(tick))
            svg.element("line", ["x1": c(layout.plotLeft), "x2": c(layout.plotRight), "y1": y, "y2": y,
                                 "stroke": "#e2e2e2", "stroke-width": "1"])
            svg.element("text", ["class": "y-tick", "x": c(layout.plotLeft - 6), "y": y, "dy": "0.35em",
                                 "text-anchor": "end"], content: label)
        }
        if let yAxisTitle {
            let x = c(8 + LineChartLayout.fontSize * 0.8)
            let y = c((layout.plotTop + layout.plotBottom) / 2)
            svg.element("text", ["class": "axis-title", "x": x, "y": y, "text-anchor": "middle",
                                 "transform": "rotate(-90 \(x) \(y))"], content: yAxisTitle)
        }
        svg.close("g")
    }

    private func drawXAxis(_ layout: LineChartLayout, into svg: inout SVGMarkup) {
        let bottom = layout.plotBottom
        svg.open("g", ["class": "x-axis"])
        svg.element("line", ["x1": c(layout.plotLeft), "x2": c(layout.plotRight), "y1": c(bottom), "y2": c(bottom),
                             "stroke": "#888", "stroke-width": "1"])
        for position in layout.labeledPositions {
            let x = c(layout.x(Double(position)))
            svg.element("line", ["x1": x, "x2": x, "y1": c(bottom), "y2": c(bottom + 4), "stroke": "#888", "stroke-width": "1"])
            guard xLabels.indices.contains(position) else { continue }
            svg.open("text", ["class": "x-tick", "x": x, "y": c(bottom + 6 + LineChartLayout.fontSize), "text-anchor": "middle"])
            if LineChartLayout.xLabel(xLabels[position]) != xLabels[position] { svg.title(xLabels[position]) }
            svg.content(LineChartLayout.xLabel(xLabels[position]))
            svg.close("text")
        }
        if let xAxisTitle {
            svg.element("text", ["class": "axis-title", "x": c((layout.plotLeft + layout.plotRight) / 2),
                                 "y": c(layout.xAxisTitleBaseline), "text-anchor": "middle"], content: xAxisTitle)
        }
        svg.close("g")
    }

    private func drawMarkerLines(_ layout: LineChartLayout, into svg: inout SVGMarkup) {
        for label in layout.markerLabels {
            svg.open("g", ["class": "marker"])
            svg.title(label.marker.label)
            let top = label.text == nil ? layout.plotTop : label.baseline - LineChartLayout.markerFontSize
            svg.element("line", ["x1": c(label.x), "x2": c(label.x), "y1": c(top),
                                 "y2": c(layout.plotBottom), "stroke": "#555", "stroke-width": "1.2", "stroke-dasharray": "5 4"])
            svg.close("g")
        }
    }

    private func drawMarkerLabels(_ layout: LineChartLayout, into svg: inout SVGMarkup) {
        for label in layout.markerLabels {
            guard let text = label.text else { continue }
            svg.open("g", ["class": "marker-label"])
            svg.title(label.marker.label)
            svg.element("text", [
                "x": c(label.isLeftOfLine ? label.x - 4 : label.x + 4), "y": c(label.baseline),
                "text-anchor": label.isLeftOfLine ? "end" : "start",
                "font-size": c(LineChartLayout.markerFontSize), "fill": "#333",
                "stroke": "#fff", "stroke-width": "3", "paint-order": "stroke",
            ], content: text)
            svg.close("g")
        }
    }

    /// One translucent area per run of consecutive points that have a band; a lone band is a short bar.
    private func drawBands(_ item: ChartSeries, style: ChartSeriesStyle, layout: LineChartLayout, into svg: inout SVGMarkup) {
        for run in Self.consecutiveRuns(item.points.indices.filter { item.points[$0].drawableBand != nil }) {
            let bands = run.map { (x: layout.x(Double($0)), band: item.points[$0].drawableBand!) }
            let path: String
            if bands.count == 1 {
                let (x, band) = bands[0]
                let half = min(4, layout.spacing / 2)
                path = "M\(c(x - half)) \(c(layout.y(band.upperBound)))H\(c(x + half))V\(c(layout.y(band.lowerBound)))H\(c(x - half))Z"
            } else {
                let upper = bands.map { "\(c($0.x)) \(c(layout.y($0.band.upperBound)))" }
                let lower = bands.reversed().map { "\(c($0.x)) \(c(layout.y($0.band.lowerBound)))" }
                path = "M" + (upper + lower).joined(separator: "L") + "Z"
            }
            svg.element("path", ["class": "band", "d": path, "fill": style.color, "fill-opacity": "0.18", "stroke": "none"])
        }
    }

    /// The series line, with a new subpath after every gap so missing runs are not bridged.
    private func drawLine(_ item: ChartSeries, style: ChartSeriesStyle, layout: LineChartLayout, into svg: inout SVGMarkup) {
        let runs = Self.consecutiveRuns(item.points.indices.filter { item.points[$0].drawableValue != nil })
        let path = runs.map { run in
            "M" + run.map { "\(c(layout.x(Double($0)))) \(c(layout.y(item.points[$0].drawableValue!)))" }.joined(separator: "L")
        }.joined()
        guard !path.isEmpty else { return }
        svg.element("path", ["class": "line", "d": path, "fill": "none", "stroke": style.color, "stroke-width": "2",
                             "stroke-linejoin": "round", "stroke-dasharray": style.dashArray])
    }

    /// A marker per point, inside `<a href>` when the point links somewhere, with a `<title>` tooltip
    /// and a larger invisible target so small points are easy to hover and click. On dense charts
    /// only the target is drawn, except for points that a line does not pass through.
    private func drawPoints(_ item: ChartSeries, style: ChartSeriesStyle, layout: LineChartLayout, into svg: inout SVGMarkup) {
        let radius = layout.positionCount <= 40 ? 3.5 : 2.75
        // With many runs, shapes would bead the line; only points that stand alone are drawn.
        let dense = layout.positionCount > 100
        let target = max(radius + 1, min(layout.spacing / 2, 7))
        svg.open("g", ["class": "points"])
        for (position, point) in item.points.enumerated() {
            guard let value = point.drawableValue else { continue }
            let x = layout.x(Double(position))
            let y = layout.y(value)
            if let link = point.link {
                svg.open("a", ["class": "point", "href": link.href])
            } else {
                svg.open("g", ["class": "point"])
            }
            svg.title(point.tooltip ?? defaultTooltip(item, position: position, point: point, decimals: layout.scale.valueDecimals))
            svg.element("circle", ["cx": c(x), "cy": c(y), "r": c(target), "fill": "transparent"])
            if !dense || !Self.hasNeighbour(item.points, at: position) {
                svg.appendTrusted(style.pointShape(x: x, y: y, radius: radius))
            }
            svg.close(point.link == nil ? "g" : "a")
        }
        svg.close("g")
    }

    private func drawLegend(_ layout: LineChartLayout, into svg: inout SVGMarkup) {
        guard !layout.legend.isEmpty else { return }
        svg.open("g", ["class": "legend"])
        for entry in layout.legend {
            let style = ChartSeriesStyle.forSeries(entry.seriesIndex)
            let lineY = entry.baseline - LineChartLayout.fontSize * 0.35
            svg.element("line", ["x1": c(entry.x), "x2": c(entry.x + LineChartLayout.legendSwatchWidth), "y1": c(lineY),
                                 "y2": c(lineY), "stroke": style.color, "stroke-width": "2", "stroke-dasharray": style.dashArray])
            svg.appendTrusted(style.pointShape(x: entry.x + LineChartLayout.legendSwatchWidth / 2, y: lineY, radius: 3.5))
            let name = series[entry.seriesIndex].name
            svg.open("text", ["x": c(entry.x + LineChartLayout.legendSwatchWidth + 6), "y": c(entry.baseline)])
            if ChartTextMetrics.truncated(name, to: LineChartLayout.legendNameLimit) != name { svg.title(name) }
            svg.content(ChartTextMetrics.truncated(name, to: LineChartLayout.legendNameLimit))
            svg.close("text")
        }
        svg.close("g")
    }

    private func defaultTooltip(_ item: ChartSeries, position: Int, point: ChartPoint, decimals: Int) -> String {
        var text = item.name
        if xLabels.indices.contains(position) { text += " · " + xLabels[position] }
        text += ": " + valueFormat.string(point.value ?? .nan, decimals: decimals)
        if let band = point.drawableBand {
            text += " (" + valueFormat.string(band.lowerBound, decimals: decimals) + " – "
                + valueFormat.string(band.upperBound, decimals: decimals) + ")"
        }
        return text
    }

    /// Whether the point before or after `index` has a value, so a line passes through this one.
    static func hasNeighbour(_ points: [ChartPoint], at index: Int) -> Bool {
        [index - 1, index + 1].contains { points.indices.contains($0) && points[$0].drawableValue != nil }
    }

    /// Splits sorted indices into runs of consecutive numbers: [1, 2, 4] → [[1, 2], [4]].
    static func consecutiveRuns(_ indices: [Int]) -> [[Int]] {
        var runs: [[Int]] = []
        for index in indices {
            if let last = runs.last?.last, last + 1 == index {
                runs[runs.count - 1].append(index)
            } else {
                runs.append([index])
            }
        }
        return runs
    }
}

/// Shorthand for the many coordinates written below.
private func c(_ value: Double) -> String {
    DecimalText.coordinate(value)
}
