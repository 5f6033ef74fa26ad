/// Makes any string safe to place in an HTML report, so model output or eval-set text can never
/// inject markup, scripts or characters that break the page.
///
/// Everything that evalctl did not write itself (prompts, model output, case ids, series names,
/// run labels, error messages) goes through `text(_:)` or `attribute(_:)` before it is put into
/// HTML or SVG. The output is valid both in HTML and in XML, so inline SVG charts stay
/// well-formed and a report can be checked with an XML parser.
///
/// - Markup characters are escaped: `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`,
///   in text and attributes alike, so `<script>` or `"><img onerror=…>` shows up as text.
/// - Characters HTML or XML forbid (C0 controls other than tab and line feed, DEL and the C1
///   controls, noncharacters such as U+FFFE, U+FFFF and U+FDD0…U+FDEF) are replaced with a visible
///   Swift-style escape: ESC becomes `\u{1B}`, so an ANSI colour code reads `\u{1B}[31m`.
/// - Bidirectional overrides and isolates (U+202E and friends) are escaped the same way, so they cannot make the
///   rest of a cell read backwards.
/// - Line breaks are normalised to line feed (`\r\n` and lone `\r` become `\n`), as a browser would.
///   In attributes, tab and line feed are written as `&#9;` and `&#10;` so XML parsers keep them.
///
/// ```swift
/// "<td>" + HTMLText.text(output) + "</td>"
/// "<span title=\"" + HTMLText.attribute(reason) + "\">"
/// ```
public enum HTMLText {
    /// `string` ready to be placed between an element's tags (including SVG `<text>` and `<title>`).
    public static func text(_ string: String) -> String {
        escape(string, inAttribute: false)
    }

    /// `string` ready to be placed inside a double- or single-quoted attribute value.
    public static func attribute(_ string: String) -> String {
        escape(string, inAttribute: true)
    }

    /// Whether `scalar` may appear literally in an HTML document that is also well-formed XML.
    ///
    /// Tab, line feed and carriage return are allowed; form feed is not (XML forbids it).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x9, 0xA, 0xD: return true
        case 0x0...0x1F, 0x7F...0x9F: return false
        case 0xFDD0...0xFDEF: return false
        default: return value & 0xFFFE != 0xFFFE
        }
    }

    private static func escape(_ string: String, inAttribute: Bool) -> String {
        let scalars = string.unicodeScalars
        guard scalars.contains(where: needsWork) else { return string }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count + 16)
        var previousWasCarriageReturn = false
        for scalar in scalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\r": out.append(contentsOf: (inAttribute ? "&#10;" : "\n").unicodeScalars)
            case "\n" where previousWasCarriageReturn: break
            case "\n" where inAttribute: out.append(contentsOf: "&#10;".unicodeScalars)
            case "\t" where inAttribute: out.append(contentsOf: "&#9;".unicodeScalars)
            case _ where !isAllowed(scalar) || scalar.isBidirectionalControl: out.append(contentsOf: visibleEscape(scalar).unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private static func needsWork(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "&", "<", ">", "\"", "'", "\r", "\n", "\t": true
        default: !isAllowed(scalar) || scalar.isBidirectionalControl
        }
    }

    /// `\u{1B}`: the code point in upper-case hex, the way Swift writes it in a string literal.
    private static func visibleEscape(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
}
