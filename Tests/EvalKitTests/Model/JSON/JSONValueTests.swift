import Foundation
import Testing
@testable import EvalKit

@Suite("JSON value")
struct JSONValueTests {
    @Test("canonical JSON sorts object keys at every depth and has no whitespace")
    func sortedKeys() throws {
        let value = try JSONValue(parsing: Data(#"{"b": 1, "a": {"z": [true, null], "y": "s"}, "C": false}"#.utf8))
        #expect(value.canonicalJSON == #"{"C":false,"a":{"y":"s","z":[true,null]},"b":1}"#)
    }

    @Test("whole numbers are written without a fraction, others in full")
    func numbers() {
        #expect(JSONValue.number(12).canonicalJSON == "12")
        #expect(JSONValue.number(-3).canonicalJSON == "-3")
        #expect(JSONValue.number(-0.0).canonicalJSON == "0")
        #expect(JSONValue.number(2.5).canonicalJSON == "2.5")
        #expect(JSONValue.number(0.1).canonicalJSON == "0.1")
        #expect(JSONValue.number(123_456_789_012).canonicalJSON == "123456789012")
    }

    @Test("numbers too large for exact integers are still valid JSON that reads back to the same value")
    func largeNumbers() throws {
        for number in [1e15, 1e300, -2.5e20, 1e-7] {
            let text = JSONValue.number(number).canonicalJSON
            #expect(try JSONValue(parsing: Data(text.utf8)) == .number(number), "\(text)")
        }
    }

    @Test("strings escape quotes, backslashes and every control character, and keep other Unicode as is")
    func stringEscapes() {
        #expect(JSONValue.string("a\"b\\c").canonicalJSON == #""a\"b\\c""#)
        #expect(JSONValue.string("\n\r\t").canonicalJSON == #""\n\r\t""#)
        #expect(JSONValue.string("\u{0}\u{1}\u{8}\u{1B}\u{1F}").canonicalJSON == #""\u0000\u0001\u0008\u001b\u001f""#)
        #expect(JSONValue.string("é ✓ 👩‍👧 /").canonicalJSON == "\"é ✓ 👩‍👧 /\"")
    }

    @Test("canonical JSON of any value parses back to the same value")
    func roundTrip() throws {
        let value: JSONValue = .object([
            "text": .string("line\u{0}one\nline \"two\"\u{7F}"), "list": .array([.number(1), .number(2.25), .null, .bool(false)]),
            "nested": .object(["": .string("empty key"), "ü": .object([:])]),
        ])
        #expect(try JSONValue(parsing: Data(value.canonicalJSON.utf8)) == value)
    }

    @Test("JSON types are decoded to the matching case, with numbers distinct from numeric strings")
    func decoding() throws {
        let value = try JSONValue(parsing: Data(#"[1, "1", true, "true", null, {}, []]"#.utf8))
        #expect(value == .array([.number(1), .string("1"), .bool(true), .string("true"), .null, .object([:]), .array([])]))
    }

    @Test("plain text is a string as is, null as nothing, anything else as canonical JSON")
    func plainText() {
        #expect(JSONValue.string("Paris \"x\"").plainText == "Paris \"x\"")
        #expect(JSONValue.null.plainText == "")
        #expect(JSONValue.number(12).plainText == "12")
        #expect(JSONValue.array([.string("a"), .number(1)]).plainText == #"["a",1]"#)
    }
}
