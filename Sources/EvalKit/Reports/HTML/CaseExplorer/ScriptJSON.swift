/// JSON text that is safe inside an HTML `<script type="application/json">` element, built a value at a time into
/// bytes, for the case explorer's data.
///
/// Nothing in it can end the element or start markup: `<`, `>` and `&` are written as `\u003c`, `\u003e` and
/// `\u0026` (so `</script>` in model output stays inside the string), and U+2028 and U+2029 as escapes too (older
/// JavaScript parsers end a line at them). Like `HTMLText`, it shows characters a report must not print as they are —
/// controls other than tab and line feed, noncharacters, bidirectional overrides — as visible `\u{…}` text, so the
/// page's script never has to clean what it displays.
///
/// ```swift
/// var json = ScriptJSON()
/// json.object { json.key("out"); json.string(output) }
/// file.append(json.bytes)
/// ```
struct ScriptJSON {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    mutating func reserve(_ capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    mutating func array(_ body: (inout ScriptJSON) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Opens an array whose items are appended one call at a time; `endArray` closes it.
    mutating func startArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func object(_ body: (inout ScriptJSON) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// An object's key; its value follows.
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ text: String) {
        separate()
        Self.appendQuoted(text, to: &bytes)
        needsComma = true
    }

    mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { null() }
    }

    mutating func number(_ value: Int) { literal(String(value)) }

    /// A finite number in its shortest form; null for NaN and infinities, which JSON cannot hold.
    mutating func number(_ value: Double) {
        guard value.isFinite else { return null() }
        if value == value.rounded(), abs(value) < 1e15 { return literal(String(Int64(value))) }
        literal("\(value)")
    }

    mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }

    mutating func null() { literal("null") }

    private mutating func literal(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// `text` as a quoted JSON string with the escapes described above.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\"": bytes.append(contentsOf: #"\""#.utf8)
            case "\\": bytes.append(contentsOf: #"\\"#.utf8)
            case "\n" where previousWasCarriageReturn: break
            case "\n", "\r": bytes.append(contentsOf: #"\n"#.utf8)
            case "\t": bytes.append(contentsOf: #"\t"#.utf8)
            case "<": bytes.append(contentsOf: #"\u003c"#.utf8)
            case ">": bytes.append(contentsOf: #"\u003e"#.utf8)
            case "&": bytes.append(contentsOf: #"\u0026"#.utf8)
            case "\u{2028}": bytes.append(contentsOf: #"\u2028"#.utf8)
            case "\u{2029}": bytes.append(contentsOf: #"\u2029"#.utf8)
            case _ where !HTMLText.isAllowed(scalar) || scalar.isBidirectionalControl:
                // Shown as the text `\u{1B}`: a JSON backslash escape for the backslash, then the code point.
                bytes.append(contentsOf: #"\\u{"#.utf8)
                bytes.append(contentsOf: String(scalar.value, radix: 16, uppercase: true).utf8)
                bytes.append(UInt8(ascii: "}"))
            default: bytes.append(contentsOf: scalar.utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
