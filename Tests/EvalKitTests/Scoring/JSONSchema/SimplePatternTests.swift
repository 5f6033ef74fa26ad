import Foundation
import Testing
@testable import EvalKit

/// The simple patterns run without ICU must mean exactly what ICU (with evalctl's ECMA-262 rewrites) makes of them.
@Suite("JSON Schema patterns without ICU: the same verdicts as ICU, in linear time")
struct SimplePatternTests {
    static let patterns = [
        "^[^@]+@[^@]+\\.[a-z]+$", "^[0-9]{5}$", "^\\d{3}-\\d{4}$", "abc", "^abc", "abc$", "a.c", "^.*$", "^a*$", "^a+b?c*$",
        "^[A-Za-z_][A-Za-z0-9_]*$", "\\s", "^\\S+$", "^\\w+$", "\\W", "\\D", "^[\\d\\s]+$", "^[^\\d]+$", "[-a]", "[a-]", "[\\-.]",
        "^x{2,}$", "^x{2,4}$", "^x{0}y$", "^$", "", "^[]$", "^[^]$", "[^]", "[]", "\\.", "^\\$", "a+?b", "^[\\^x]+$", "é+",
        "^[α-ω]+$", "^[^a-z]$", "^\\t\\n$", "[\\u0041]", "^\\p{L}+$", "(ab)+", "a|b", "^a{2}$", "^\\/path\\/$", "^.$",
        "^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$", "^[[]$", "^[\\]]$", "[\\s\\S]", "^.{3}$",
    ]

    static let texts = [
        "", "a", "abc", "xabcx", "ab", "aac", "a\nc", "user@example.com", "us@er@example.com", "user@example.COM", "12345",
        "1234", "123456", "555-1234", "5551234", "Ada_99", "_x", "9x", " ", "\t", "\u{A0}", "\u{2003}", "\u{FEFF}", "\u{85}",
        "\u{2028}", "x", "xx", "xxxx", "xxxxx", "y", "-", ".", "$", "aab", "^x^", "éé", "αβγ", "αβZ", "Q", "\t\n", "A",
        "/path/", "ab\n", "abc\n", "👩‍👩‍👧", "a\u{301}", "[", "]", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "\r", "a\rc",
    ]

    @Test("every simple pattern agrees with ICU on every text")
    func agreesWithICU() throws {
        var simple = 0
        for source in Self.patterns {
            let pattern = try SchemaPattern(source)
            if pattern.isSimple { simple += 1 }
            for text in Self.texts {
                #expect(pattern.matches(text) == pattern.icuMatches(text), "/\(source)/ on \(text.debugDescription)")
            }
        }
        #expect(simple >= 40, "most of these are simple enough: \(simple)")
    }

    @Test("groups, alternation, lookaround, backreferences and Unicode escapes are left to ICU")
    func fallsBack() {
        for source in ["(ab)+", "a|b", "(?=a)", "(a)\\1", "\\u0041", "\\p{L}", "\\bword\\b", "a{2", "x**", "\\x41", "\\cA", "a]"] {
            #expect(SimplePattern.parse(source) == nil, "\(source)")
        }
        for source in ["^[^@]+@[^@]+\\.[a-z]+$", "^[0-9]{5}$", "^\\d{3}-\\d{4}$", "[\\s\\S]", "^[]$"] {
            #expect(SimplePattern.parse(source) != nil, "\(source)")
        }
    }

    @Test("random patterns from the simple grammar agree with ICU on random texts")
    func randomDifferential() throws {
        var random = SeededRandom(seed: 2026)
        let atoms = ["a", "b", ".", "\\d", "\\w", "\\s", "\\D", "[ab]", "[^a]", "[a-c\\d]", "\\.", "-", "é"]
        let counts = ["", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?"]
        let alphabet = Array("ab c1.-é\n\tZ_")
        for _ in 0..<300 {
            var source = random.index(below: 3) == 0 ? "^" : ""
            for _ in 0..<(1 + random.index(below: 4)) {
                source += atoms[random.index(below: atoms.count)] + counts[random.index(below: counts.count)]
            }
            if random.index(below: 3) == 0 { source += "$" }
            let pattern = try SchemaPattern(source)
            #expect(pattern.isSimple, "\(source)")
            for _ in 0..<20 {
                let text = String((0..<random.index(below: 8)).map { _ in alphabet[random.index(below: alphabet.count)] })
                #expect(pattern.matches(text) == pattern.icuMatches(text), "/\(source)/ on \(text.debugDescription)")
            }
        }
    }

    @Test("a match takes time linear in the text, whatever the counts")
    func linearTime() throws {
        let pattern = try #require(SimplePattern.parse("^a*a*a*a*a*a*a*b$"))
        let text = String(repeating: "a", count: 200_000)
        let started = ContinuousClock.now
        #expect(!pattern.matches(text))
        #expect(pattern.matches(text + "b"))
        // Backtracking would take minutes on this; the bound only tells a stall from the linear scan.
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
