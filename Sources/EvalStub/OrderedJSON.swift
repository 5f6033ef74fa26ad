/// A JSON value that keeps object keys in the order given, so the rendered text matches the
/// key order of the API being impersonated. Renders compactly, straight to UTF-8 bytes.
indirect enum OrderedJSON: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    /// Single-line text without spaces, as in Server-Sent Events payloads.
    var compactText: String {
        String(decoding: compactBytes, as: UTF8.self)
    }

    /// `compactText` as UTF-8 bytes.
    var compactBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output)
        return output
    }

    /// Appends the compact rendering to `output`.
    func appendCompact(to output: inout [UInt8]) {
        write(to: &output)
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .string(let value):
            Self.appendQuoted(value, to: &output)
        case .int(let value):
            output.append(contentsOf: String(value).utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var index = 0
            while index < elements.count {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                elements[index].write(to: &output)
                index += 1
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var index = 0
            while index < members.count {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.appendQuoted(members[index].0, to: &output)
                output.append(UInt8(ascii: ":"))
                members[index].1.write(to: &output)
                index += 1
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `value` as a JSON string literal, quotes included.
    static func quoted(_ value: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count + 2)
        appendQuoted(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal; non-ASCII characters are kept as UTF-8.
    static func appendQuoted(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var needsEscaping = false
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscaping = true
            break
        }
        if !needsEscaping {
            output.append(contentsOf: value.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [92, 34])  // \"
            case UInt8(ascii: "\\"): output.append(contentsOf: [92, 92])  // \\
            case 0x0A: output.append(contentsOf: [92, 110])  // \n
            case 0x0D: output.append(contentsOf: [92, 114])  // \r
            case 0x09: output.append(contentsOf: [92, 116])  // \t
            case 0x08: output.append(contentsOf: [92, 98])  // \b
            case 0x0C: output.append(contentsOf: [92, 102])  // \f
            case 0..<0x20:
                output.append(contentsOf: [92, 117, 48, 48, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])  // \u00XX
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
