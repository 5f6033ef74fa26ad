import Foundation
import Testing
@testable import EvalKit

@Suite("JSONSchema validator")
struct JSONSchemaValidatorTests {
    private func schema(_ text: String, registry: SchemaRegistry = .standard) throws -> JSONSchema {
        try JSONSchema(JSONParser.parse(Array(text.utf8)), registry: registry)
    }

    private func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test("an error names the instance location, the keyword path through $ref, the absolute location and the keyword")
    func errorLocations() throws {
        let schema = try schema(#"""
            {"$id": "https://example.com/order", "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/item"}}},
             "$defs": {"item": {"properties": {"price": {"minimum": 0}}}}}
            """#)
        let result = try schema.validate(try json(#"{"items": [{"price": 1}, {"price": -3}]}"#))
        #expect(result.errors == [SchemaValidationError(
            instanceLocation: "/items/1/price", keywordLocation: "/properties/items/items/$ref/properties/price/minimum",
            absoluteKeywordLocation: "https://example.com/order#/$defs/item/properties/price/minimum",
            keyword: "minimum", message: "must be >= 0, got -3")])
        #expect(result.errors[0].description == "/items/1/price: must be >= 0, got -3 (schema /properties/items/items/$ref/properties/price/minimum)")
    }

    @Test("multipleOf is decided on the decimal digits, so float-looking multiples pass")
    func decimalMultipleOf() {
        #expect(DecimalMultiple.isMultiple(0.0075, of: 0.0001))
        #expect(!DecimalMultiple.isMultiple(0.00751, of: 0.0001))
        #expect(DecimalMultiple.isMultiple(19.99, of: 0.01))
        #expect(DecimalMultiple.isMultiple(12391239123, of: 1e-8))
        #expect(DecimalMultiple.isMultiple(1e308, of: 0.5))
        #expect(!DecimalMultiple.isMultiple(1e308, of: 0.123456789))
        #expect(DecimalMultiple.isMultiple(-4.5, of: 1.5))
        #expect(!DecimalMultiple.isMultiple(1, of: 3))
        #expect(!DecimalMultiple.isMultiple(0.5, of: 1e-300 * 3))
        #expect(DecimalMultiple.isMultiple(0, of: 0.7))
    }

    @Test("integer accepts numbers with a zero fractional part, also large ones")
    func integers() throws {
        let schema = try schema(#"{"type": "integer"}"#)
        #expect(try schema.validate(.number(1.0)).isValid)
        #expect(try schema.validate(.number(1e20)).isValid)
        #expect(try !schema.validate(.number(1.5)).isValid)
        #expect(try !schema.validate(.string("1")).isValid)
        #expect(try !schema.validate(.bool(true)).isValid)
    }

    @Test("lengths count code points, and strings compare by code points")
    func unicode() throws {
        #expect(try schema(#"{"maxLength": 2}"#).validate(.string("💩💩")).isValid)
        #expect(try !schema(#"{"maxLength": 1}"#).validate(.string("e\u{301}")).isValid)
        #expect(try !schema(#"{"const": "\u00e9"}"#).validate(.string("e\u{301}")).isValid)
        #expect(try !schema(#"{"uniqueItems": true}"#).validate(json("[1, 1.0]")).isValid)
        #expect(try schema(#"{"uniqueItems": true}"#).validate(json(#"["\u00e9", "e\u0301", 1, true]"#)).isValid)
    }

    @Test("patterns follow ECMA-262 where ICU differs: ASCII \\d and \\w, $ only at the very end")
    func ecmaPatterns() throws {
        #expect(try !schema(#"{"pattern": "^\\d$"}"#).validate(.string("٣")).isValid)
        #expect(try schema(#"{"pattern": "^\\d$"}"#).validate(.string("3")).isValid)
        #expect(try !schema(#"{"pattern": "^\\w+$"}"#).validate(.string("é")).isValid)
        #expect(try !schema(#"{"pattern": "^abc$"}"#).validate(.string("abc\n")).isValid)
        #expect(try schema(#"{"pattern": "[[]x"}"#).validate(.string("[x")).isValid)
        #expect(try schema(#"{"pattern": "^[\\d\\s]+$"}"#).validate(.string("1 2\u{FEFF}")).isValid)
    }

    @Test("format is an annotation by default and checked with assertsFormat")
    func formatAssertion() throws {
        let text = #"{"properties": {"day": {"format": "date"}, "mail": {"format": "email"}, "id": {"format": "uuid"}}}"#
        let instance = try json(#"{"day": "2023-02-29", "mail": "not an address", "id": "123"}"#)
        #expect(try schema(text).validate(instance).isValid)
        let asserted = try JSONSchema(json(text), assertsFormat: true).validate(instance)
        #expect(asserted.errors.map(\.instanceLocation) == ["/day", "/id", "/mail"])
        #expect(asserted.errors.first?.message == #"is not a valid date: "2023-02-29" does not have the expected date syntax"#)
        let good = try json(#"{"day": "2024-02-29", "mail": "ada@example.com", "id": "2c3e6d3a-5b1f-4c1e-9a3b-0d2e8f7a6b5c"}"#)
        #expect(try JSONSchema(json(text), assertsFormat: true).validate(good).isValid)
    }

    @Test("recursive schemas that move into the instance validate deep trees")
    func recursiveTree() throws {
        let schema = try schema(##"{"type": "object", "properties": {"child": {"$ref": "#"}, "v": {"type": "integer"}}}"##)
        var tree: JSONValue = .object(["v": .number(0)])
        for depth in 1...200 { tree = .object(["v": .number(Double(depth)), "child": tree]) }
        #expect(try schema.validate(tree).isValid)
    }

    @Test("schema problems are reported when the schema is built")
    func schemaErrors() throws {
        #expect(throws: SchemaError.unsupportedDialect(metaschema: "http://json-schema.org/draft-07/schema")) {
            try schema(#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}"#)
        }
        let badPattern = #expect(throws: SchemaError.self) { try schema(#"{"pattern": "(unclosed"}"#) }
        #expect(badPattern?.description.contains("'pattern' has a pattern that is not a valid regular expression: (unclosed") == true)
        let dangling = #expect(throws: SchemaError.self) { try schema(#"{"properties": {"a": {"$ref": "other.json"}}}"#) }
        #expect(dangling?.description == "schema location #/properties/a/$ref: cannot resolve 'other.json': no such document, anchor or pointer")
        let invalid = #expect(throws: SchemaError.self) { try schema(#"{"type": "strng"}"#) }
        guard case .invalidAgainstMetaschema(_, let errors)? = invalid else {
            Issue.record("expected a metaschema failure, got \(String(describing: invalid))")
            return
        }
        #expect(errors.contains { $0.instanceLocation == "/type" })
    }

    @Test("registered documents and, for schema files, neighbouring files resolve references")
    func references() throws {
        let registry = SchemaRegistry.standard.adding(try json(#"{"$defs": {"name": {"type": "string"}}}"#), at: "https://example.com/common.json")
        let remote = try schema(#"{"$ref": "https://example.com/common.json#/$defs/name"}"#, registry: registry)
        #expect(try remote.validate(.string("Ada")).isValid)
        #expect(try !remote.validate(.number(1)).isValid)

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("defs/common.json", #"{"$defs": {"age": {"type": "integer", "minimum": 0}}}"#)
        try directory.write("person.json", #"{"properties": {"age": {"$ref": "defs/common.json#/$defs/age"}}}"#)
        let local = try JSONSchema(contentsOf: directory.url.appendingPathComponent("person.json"))
        #expect(try local.validate(try json(#"{"age": 3}"#)).isValid)
        #expect(try local.validate(try json(#"{"age": -3}"#)).errors.first?.absoluteKeywordLocation.hasSuffix("defs/common.json#/$defs/age/minimum") == true)
    }

    @Test("the embedded metaschemas validate themselves")
    func metaschemasSelfValidate() throws {
        let metaschema = try JSONSchema.standardMetaschema.get()
        for (uri, text) in Metaschema2020_12.documents {
            let document = try json(text)
            #expect(try metaschema.validate(document).isValid, "\(uri)")
            #expect(document["$id"]?.stringValue == uri)
        }
    }

    @Test("URI references resolve per RFC 3986, URNs and empty bases included")
    func uriResolution() {
        #expect(SchemaURI.resolve("item", against: "https://x.org/a/main") == "https://x.org/a/item")
        #expect(SchemaURI.resolve("../b/c.json#/x", against: "https://x.org/a/d/main") == "https://x.org/a/b/c.json#/x")
        #expect(SchemaURI.resolve("#/$defs/a", against: "urn:uuid:1234") == "urn:uuid:1234#/$defs/a")
        #expect(SchemaURI.resolve("/abs", against: "file:///folder/file.json") == "file:///abs")
        #expect(SchemaURI.resolve("#foo", against: "") == "#foo")
        #expect(SchemaURI.resolve("https://y.org/z", against: "https://x.org/a") == "https://y.org/z")
    }
}
