import Testing
import EvalKit

@Suite("Sparkline SVG")
struct SparklineTests {
    @Test("a sparkline has a fixed pixel size, an escaped summary and a dot on the last value")
    func sparklineBasics() throws {
        let svg = Sparkline(values: [0.2, 0.5, 0.4], range: 0...1, summary: "<script>x</script>").svg()
        #expect(!svg.contains("<script"))
        let parsed = try ParsedXML(svg)
        let root = try #require(parsed.elements.first)
        #expect(root.attributes["width"] == "96" && root.attributes["height"] == "20")
        #expect(root.attributes["aria-label"] == "<script>x</script>")
        #expect(parsed.all("path").count == 1)
        let dot = try #require(parsed.all("circle").last)
        #expect(dot.number("cx") == 93.5)
    }

    @Test("gaps break a sparkline, and a lone value between gaps is a dot")
    func sparklineGaps() throws {
        let parsed = try ParsedXML(Sparkline(values: [1, 2, nil, 3, nil, 4, 5], summary: "s").svg())
        let path = try #require(parsed.all("path").first?.attributes["d"])
        #expect(path.filter { $0 == "M" }.count == 2)
        #expect(parsed.all("circle").count == 2)
    }

    @Test("values are placed inside the box, clamped to a fixed range")
    func sparklineClamps() throws {
        let parsed = try ParsedXML(Sparkline(values: [-1, 2], range: 0...1, summary: "s").svg())
        let path = try #require(parsed.all("path").first?.attributes["d"])
        let numbers = path.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count == 4)
        #expect([numbers[1], numbers[3]].allSatisfy { (0...20).contains($0) })
        #expect(numbers[1] > numbers[3])
    }
}
