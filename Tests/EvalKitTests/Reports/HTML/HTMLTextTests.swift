import Foundation
import Testing
import EvalKit

@Suite("HTML text escaping")
struct HTMLTextTests {
    static let hostile = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "</title><script>alert(1)</script>",
        "]]><!-- -->&amp;&#60;",
    ]

    static func scalars(_ values: UInt32...) -> String {
        String(String.UnicodeScalarView(values.compactMap(Unicode.Scalar.init)))
    }

    @Test("markup characters become entities in text and attributes")
    func markupCharactersAreEscaped() {
        #expect(HTMLText.text("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &#39; f")
        #expect(HTMLText.attribute("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &#39; f")
    }

    @Test("hostile strings keep no raw markup character", arguments: hostile)
    func hostileStringsAreInert(input: String) {
        for escaped in [HTMLText.text(input), HTMLText.attribute(input)] {
            #expect(!escaped.contains("<"))
            #expect(!escaped.contains(">"))
            #expect(!escaped.contains("\""))
            #expect(!escaped.contains("'"))
        }
    }

    @Test("hostile strings read back unchanged from an element and an attribute", arguments: hostile)
    func escapingRoundTripsThroughAParser(input: String) throws {
        let parsed = try ParsedXML("<r a=\"\(HTMLText.attribute(input))\" b='\(HTMLText.attribute(input))'>\(HTMLText.text(input))</r>")
        let root = try #require(parsed.all("r").first)
        #expect(root.text == input)
        #expect(root.attributes["a"] == input)
        #expect(root.attributes["b"] == input)
    }

    @Test("control characters and noncharacters become visible escapes")
    func forbiddenCharactersAreMadeVisible() {
        // Swift literals refuse U+FDD0 and U+1FFFF, so those are built from their code points.
        let input = "a\u{0}b\u{1B}[31mc\u{7F}d\u{85}e\u{C}f\u{FFFE}\u{FFFF}" + Self.scalars(0xFDD0, 0x1FFFF) + "g"
        #expect(HTMLText.text(input) == #"a\u{0}b\u{1B}[31mc\u{7F}d\u{85}e\u{C}f\u{FFFE}\u{FFFF}\u{FDD0}\u{1FFFF}g"#)
        #expect(HTMLText.attribute("\u{1B}") == #"\u{1B}"#)
    }

    @Test("escaped forbidden characters leave the output well-formed")
    func forbiddenCharactersDoNotBreakXML() throws {
        let input = (0..<32).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{FFFE}"
        _ = try ParsedXML("<r a=\"\(HTMLText.attribute(input))\">\(HTMLText.text(input))</r>")
    }

    @Test("tab and line feed stay in text and become references in attributes")
    func whitespaceIsKept() throws {
        #expect(HTMLText.text("a\tb\nc") == "a\tb\nc")
        #expect(HTMLText.attribute("a\tb\nc") == "a&#9;b&#10;c")
        let parsed = try ParsedXML("<r a=\"\(HTMLText.attribute("x\ty\nz"))\"/>")
        #expect(parsed.all("r").first?.attributes["a"] == "x\ty\nz")
    }

    @Test("carriage returns are normalised to line feeds, as a browser would")
    func carriageReturnsBecomeLineFeeds() {
        #expect(HTMLText.text("a\r\nb\rc") == "a\nb\nc")
        #expect(HTMLText.attribute("a\r\nb") == "a&#10;b")
    }

    @Test("plain, accented and emoji text is unchanged")
    func ordinaryTextIsUnchanged() {
        let text = "Paris — Zürich 東京 👩‍👩‍👧 (50%) #1 run-12"
        #expect(HTMLText.text(text) == text)
        #expect(HTMLText.attribute(text) == text)
    }

    @Test("isAllowed accepts tab, newline and ordinary characters and rejects controls and noncharacters")
    func allowedCharacters() {
        let allowed: [Unicode.Scalar] = ["\t", "\n", "\r", " ", "a", "é", "\u{FFFD}", "\u{10000}"]
        let forbidden = [0x0, 0x8, 0xB, 0xC, 0x1F, 0x7F, 0x9F, 0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x10FFFF]
            .compactMap { Unicode.Scalar(UInt32($0)) }
        #expect(forbidden.count == 12)
        #expect(allowed.allSatisfy(HTMLText.isAllowed))
        #expect(!forbidden.contains(where: HTMLText.isAllowed))
    }
}
