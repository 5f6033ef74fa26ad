import Testing
import EvalKit

@Suite("HTML page shell")
struct HTMLPageTests {
    @Test("the page declares UTF-8, a script-free CSP and an escaped title")
    func documentHead() throws {
        let html = HTMLPage(title: "Drift <script>alert(1)</script>", body: "<p>hi</p>").html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(!html.lowercased().contains("<script"))
        let parsed = try ParsedXML(html)
        let metas = parsed.all("meta")
        #expect(metas.first?.attributes["charset"] == "utf-8")
        let csp = metas.first { $0.attributes["http-equiv"] == "Content-Security-Policy" }
        #expect(csp?.attributes["content"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        #expect(parsed.all("title").first?.text == "Drift <script>alert(1)</script>")
        #expect(parsed.all("p").first?.text == "hi")
        #expect(parsed.all("style").count == 1)
    }

    @Test("the page loads nothing from outside: no links, imports, sources or URLs in the stylesheet")
    func nothingExternal() {
        let html = HTMLPage(title: "t", body: "").html().lowercased()
        for forbidden in ["<link", "@import", "url(", "src=", "http://", "https://", "<script", "@font-face"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
    }

    @Test("the stylesheet has print rules that keep charts whole and stays XML-safe")
    func stylesheetPrintRules() {
        let css = HTMLPage.stylesheet
        #expect(css.contains("@media print"))
        #expect(css.contains("break-inside: avoid"))
        #expect(css.contains("svg.chart"))
        #expect(!css.contains("<") && !css.contains("&"))
    }

    @Test("a page with charts, sparklines and anchors is well-formed")
    func pageWithChartsParses() throws {
        let anchor = HTMLFragmentID("run-\"3\"")
        let chart = LineChart(xLabels: ["a", "b"], series: [ChartSeries(name: "x", points: [ChartPoint(1, link: anchor), ChartPoint(2)])])
        let body = "<figure class=\"chart\">\(chart.svg())</figure><p id=\"\(anchor.id)\">\(Sparkline(values: [1, 2], summary: "s").svg())</p>"
        let parsed = try ParsedXML(HTMLPage(title: "t", body: body).html())
        let target = try #require(parsed.all("a").first?.attributes["href"])
        #expect(parsed.all("p").first?.attributes["id"].map { "#" + $0 } == target)
    }
}
