/// Makes any string safe to place in an XML 1.0 document, so model output can never break a report.
///
/// Use it whenever text you do not control (prompts, model output, error messages) goes into XML
/// you build by hand. Two things happen, in one pass over the UTF-8 bytes:
///
/// - Markup characters are escaped: `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`,
///   in text and in attributes alike. `>` is always escaped, so `]]>` is harmless; no CDATA is used.
/// - Characters XML 1.0 forbids (NUL, the C0 controls other than tab, line feed and carriage return,
///   U+FFFE and U+FFFF) are replaced with a visible Swift-style escape of their code point:
///   NUL becomes `\u{0}`, ESC becomes `\u{1B}`, U+FFFE becomes `\u{FFFE}`. A reader of the report
///   still sees what the model produced (an ANSI colour code reads `\u{1B}[31m`), at the cost that a
///   model which literally wrote `\u{1B}` looks the same. Lone surrogates cannot occur in a Swift `String`.
///
/// Whitespace is kept exactly: a carriage return is written as `&#13;` (parsers would turn a raw one
/// into a line feed), and in attributes tab, line feed and carriage return are written as `&#9;`,
/// `&#10;`, `&#13;` (parsers would turn raw ones into spaces).
///
/// ```swift
/// XMLText.escapingText("a < b\u{1B}[0m")        // "a &lt; b\u{1B}[0m" (the ESC is now six visible characters)
/// XMLText.escapingAttribute("say \"hi\"\n")      // "say &quot;hi&quot;&#10;"
/// ```
public enum XMLText {
    /// Whether XML 1.0 allows `scalar` in a document (production `Char`).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x1_0000...0x10_FFFF: true
        default: false
        }
    }

    /// `string` with every forbidden character replaced by its visible `\u{..}` escape; nothing else changes.
    public static func replacingForbiddenCharacters(_ string: String) -> String {
        var bytes: [UInt8] = []
        append(string, to: &bytes, mode: .forbiddenOnly)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `string` ready to be placed between an element's tags.
    public static func escapingText(_ string: String) -> String {
        var bytes: [UInt8] = []
        appendText(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `string` ready to be placed inside a double- or single-quoted attribute value.
    public static func escapingAttribute(_ string: String) -> String {
        var bytes: [UInt8] = []
        appendAttribute(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `string`, escaped for element content, as UTF-8 to `bytes`.
    static func appendText(_ string: String, to bytes: inout [UInt8]) {
        append(string, to: &bytes, mode: .text)
    }

    /// Appends `string`, escaped for an attribute value, as UTF-8 to `bytes`.
    static func appendAttribute(_ string: String, to bytes: inout [UInt8]) {
        append(string, to: &bytes, mode: .attribute)
    }

    private enum Mode {
        case forbiddenOnly, text, attribute
    }

    /// Copies runs of bytes that need no change in one go; only the few special bytes are looked at twice.
    /// Working on UTF-8 is safe because every byte we act on is ASCII or the start of U+FFFE/U+FFFF
    /// (EF BF BE / EF BF BF), and a valid UTF-8 string never has those bytes inside another character.
    private static func append(_ string: String, to out: inout [UInt8], mode: Mode) {
        var string = string
        string.withUTF8 { utf8 in
            out.reserveCapacity(out.count + utf8.count)
            let count = utf8.count
            var runStart = 0
            var index = 0
            while index < count {
                let byte = utf8[index]
                var width = 1
                let replacement: String
                switch byte {
                case UInt8(ascii: "&") where mode != .forbiddenOnly: replacement = "&amp;"
                case UInt8(ascii: "<") where mode != .forbiddenOnly: replacement = "&lt;"
                case UInt8(ascii: ">") where mode != .forbiddenOnly: replacement = "&gt;"
                case UInt8(ascii: "\"") where mode != .forbiddenOnly: replacement = "&quot;"
                case UInt8(ascii: "'") where mode != .forbiddenOnly: replacement = "&apos;"
                case 0x0D where mode != .forbiddenOnly: replacement = "&#13;"
                case 0x09 where mode == .attribute: replacement = "&#9;"
                case 0x0A where mode == .attribute: replacement = "&#10;"
                case 0x09, 0x0A, 0x0D:
                    index += 1
                    continue
                case 0x00...0x1F:
                    replacement = visibleEscape(UInt32(byte))
                case 0xEF where index + 2 < count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                    // EF BF BE is U+FFFE, EF BF BF is U+FFFF; EF BF B0...BD are allowed characters.
                    width = 3
                    replacement = visibleEscape(0xFFFE + UInt32(utf8[index + 2] - 0xBE))
                default:
                    index += 1
                    continue
                }
                out.append(contentsOf: utf8[runStart..<index])
                out.append(contentsOf: replacement.utf8)
                index += width
                runStart = index
            }
            out.append(contentsOf: utf8[runStart..<count])
        }
    }

    /// `\u{1B}`: the code point in upper-case hex, the way Swift writes it in a string literal.
    private static func visibleEscape(_ value: UInt32) -> String {
        "\\u{" + String(value, radix: 16, uppercase: true) + "}"
    }
}
