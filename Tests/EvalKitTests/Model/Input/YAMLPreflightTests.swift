import Foundation
import Testing
@testable import EvalKit

@Suite("YAML preflight")
struct YAMLPreflightTests {
    /// The "billion laughs" shape: `levels` anchors, each a list of nine aliases to the one before.
    static func bomb(levels: Int, width: Int = 9, indent: String = "") -> String {
        var lines = ["\(indent)l0: &l0 [\(Array(repeating: "lol", count: width).joined(separator: ","))]"]
        for level in 1..<levels {
            lines.append("\(indent)l\(level): &l\(level) [\(Array(repeating: "*l\(level - 1)", count: width).joined(separator: ","))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func problem(_ yaml: String, limits: YAMLPreflight.Limits = .init()) -> InputProblem? {
        do {
            try YAMLPreflight(file: "f.yaml", limits: limits).check(yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test("nine levels of nested aliases are refused at the alias that crosses the limit, at once")
    func billionLaughs() {
        let clock = ContinuousClock()
        var found: InputProblem?
        let elapsed = clock.measure { found = problem("options:\n" + Self.bomb(levels: 9, indent: "  ")) }
        #expect(found?.line == 7, "9^5 = 59,049 values fit, 9^6 do not: line 7 holds l5")
        #expect(found?.message.contains("more than 100000 values once aliases are expanded (at alias *l4)") == true)
        #expect(elapsed < .seconds(1))
    }

    @Test("a bomb used as a mapping key is refused before Yams hashes it")
    func bombAsKey() {
        let yaml = Self.bomb(levels: 5) + "? *l4\n: x\n"
        #expect(problem(yaml)?.message == "a mapping key must be plain text, found the alias *l4, which names a list or mapping")
        #expect(problem(yaml)?.line == 6)
        #expect(problem("? [a, b]\n: x\n")?.message == "a mapping key must be plain text, found a list or mapping")
    }

    @Test("wide aliases of long text are refused by expanded bytes, not only by count")
    func expandedBytes() {
        let text = String(repeating: "x", count: 1024 * 1024)
        let yaml = "a: &a \(text)\nb: [" + Array(repeating: "*a", count: 17).joined(separator: ", ") + "]\n"
        let found = problem(yaml)
        #expect(found?.line == 2)
        #expect(found?.message.contains("more than 16 MiB of text once aliases are expanded (at alias *a)") == true)
    }

    @Test("more alias references than the limit are refused even when each is small")
    func aliasCount() {
        let yaml = "a: &a x\nb: [" + Array(repeating: "*a", count: 1_001).joined(separator: ", ") + "]\n"
        #expect(problem(yaml)?.message.hasPrefix("more than 1000 alias references") == true)
        let fits = "a: &a x\nb: [" + Array(repeating: "*a", count: 1_000).joined(separator: ", ") + "]\n"
        #expect(problem(fits) == nil)
    }

    @Test("nesting deeper than the limit is refused at the line that goes too deep")
    func depth() {
        let yaml = "a:\n" + (1...300).map { String(repeating: " ", count: $0) + "- \n" }.joined()
        #expect(problem(String(repeating: "[", count: 300) + String(repeating: "]", count: 300))?.message == "nested more than 256 levels deep")
        #expect(problem(yaml)?.message == "nested more than 256 levels deep")
    }

    @Test("a repeated key is reported at its second line, naming the first; equal keys in different mappings are fine")
    func duplicateKeys() {
        #expect(problem("a: 1\nb:\n  c: 1\n  c: 2\n")?.description == "f.yaml:4: duplicate key 'c' (first at line 3)")
        #expect(problem("a: &k name\n*k : 2\nname: 3\n")?.description == "f.yaml:3: duplicate key 'name' (first at line 2)")
        #expect(problem("a: {c: 1}\nb: {c: 1}\nc: [{c: 1}, {c: 2}]\n") == nil)
    }

    @Test("honest anchors (a few reused mappings and lists) pass, and YAMLFile reads them expanded")
    func honestAnchors() throws {
        let yaml = "defaults: &d {temperature: 0, max_tokens: 64}\nfirst: *d\nsecond: {params: *d, tags: &t [a, b]}\nthird: *t\n"
        #expect(problem(yaml) == nil)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("a.yaml", yaml)
        let mapping = try YAMLFile(url: directory.url.appendingPathComponent("a.yaml"), displayPath: "a.yaml").rootMapping()
        #expect(mapping.json("first") == .object(["temperature": .number(0), "max_tokens": .number(64)]))
        #expect(mapping.json("third") == .array([.string("a"), .string("b")]))
    }

    @Test("syntax errors are left to the parser, which reports them in its own words")
    func syntaxErrorsPass() {
        #expect(problem("a: [1, 2\n") == nil)
        #expect(problem("a: *undefined\n") == nil)
        #expect(problem("") == nil)
    }

    @Test("the limits can be lowered, and each counts the whole document with aliases expanded")
    func customLimits() {
        var limits = YAMLPreflight.Limits()
        limits.nodes = 10
        #expect(problem("a: [1, 2, 3, 4, 5, 6, 7]\n", limits: limits) == nil, "root, key, list and 7 items: 10 values")
        #expect(problem("a: &a [1, 2, 3, 4]\nb: *a\n", limits: limits)?.message.contains("more than 10 values") == true)
    }
}
