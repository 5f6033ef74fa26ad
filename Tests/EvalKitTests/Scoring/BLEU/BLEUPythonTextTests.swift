import Testing
@testable import EvalKit

/// The Python `str` behaviour BLEU preprocessing copies; expected values are CPython 3.11's.
@Suite("BLEU preprocessing follows Python's str")
struct BLEUPythonTextTests {
    private func text(_ scalars: [Unicode.Scalar]) -> String {
        var string = ""
        string.unicodeScalars.append(contentsOf: scalars)
        return string
    }

    @Test("lower() maps Σ to ς only at the end of a word, and uses full mappings")
    func lowercase() {
        let lowered = PythonText.lowercased(Array("ΣΑΣ Σ ΟΔΟΣ. aΣ.b İ ẞ ǅ".unicodeScalars))
        #expect(lowered.map(\.value) == Array("σας σ οδος. aσ.b i\u{307} ß ǆ".unicodeScalars).map(\.value))
    }

    @Test("whitespace is Python's: information separators and U+0085 count, zero-width space and BOM do not")
    func whitespace() {
        for scalar: Unicode.Scalar in [" ", "\t", "\r", "\u{0B}", "\u{1C}", "\u{1F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}"] {
            #expect(PythonText.isWhitespace(scalar), "U+\(String(scalar.value, radix: 16))")
        }
        for scalar: Unicode.Scalar in ["a", "\u{200B}", "\u{FEFF}", "\u{180E}", "_"] {
            #expect(!PythonText.isWhitespace(scalar), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test("split() drops empty words and rstrip() only the end")
    func splitAndStrip() {
        let words = PythonText.split(Array("\u{85} a\u{1C}b  c\u{3000}".unicodeScalars)).map { text(Array($0)) }
        #expect(words == ["a", "b", "c"])
        #expect(text(PythonText.rstrip(Array(" a b \t\r".unicodeScalars))) == " a b")
    }

    @Test("replace() rewrites non-overlapping occurrences from the left")
    func replace() {
        let replaced = PythonText.replace(Array("aa".unicodeScalars), with: ["b"], in: Array("aaaaa".unicodeScalars))
        #expect(text(replaced) == "bba")
        #expect(text(PythonText.replace(["x"], with: [], in: Array("abc".unicodeScalars))) == "abc")
    }
}
