/// An element id built from an arbitrary string, for in-page links such as `href="#run-12"`.
///
/// Use it wherever a report links to one of its own sections (a run, a case, a model): the id
/// contains only `A-Z a-z 0-9 - _`, so it needs no escaping in `id="…"`, in `href="#…"` or in a
/// CSS selector, and a hostile run id cannot break out of the attribute. Chart points take an
/// `HTMLFragmentID` rather than a URL, so a chart can only link inside the page.
///
/// The mapping is one-to-one, so different strings never share an id: ASCII letters, digits and
/// `-` stay as they are, `_` becomes `__`, and every other UTF-8 byte becomes `_` and two hex
/// digits (`"run 12"` → `run_2012`, `"é"` → `_C3_A9`). The empty string becomes `_`.
///
/// ```swift
/// let anchor = HTMLFragmentID("run-\(run.id)")
/// "<section id=\"\(anchor.id)\">…</section>"
/// "<a href=\"\(anchor.href)\">run \(HTMLText.text(run.id))</a>"
/// ```
public struct HTMLFragmentID: Hashable, Sendable, CustomStringConvertible {
    /// The id to put in `id="…"`; safe without further escaping.
    public let id: String

    public init(_ source: String) {
        guard !source.isEmpty else {
            id = "_"
            return
        }
        var encoded = ""
        encoded.reserveCapacity(source.utf8.count)
        for byte in source.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "_"):
                encoded += "__"
            default:
                encoded += "_" + Self.hexDigits(byte)
            }
        }
        id = encoded
    }

    /// The link target, `#` followed by the id, ready for `href="…"`.
    public var href: String { "#" + id }

    public var description: String { id }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
