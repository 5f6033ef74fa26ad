import Foundation
import Testing
@testable import EvalKit

@Suite("JSONSchema: schema files are read like every other input file")
struct SchemaFileInputTests {
    static func validate(_ bytes: [UInt8]) throws -> SchemaFileValidation.Report {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data(bytes).write(to: directory.url.appendingPathComponent("schema.json"))
        try directory.write("instance.json", "\"Paris\"\n")
        return SchemaFileValidation.run(schemaPath: directory.path("schema.json"), instancePaths: [directory.path("instance.json")],
                                        instancesJSONLPath: nil, format: .text)
    }

    @Test("a byte-order mark at the start of a schema is dropped")
    func byteOrderMark() throws {
        let report = try Self.validate([0xEF, 0xBB, 0xBF] + Array(#"{"type": "string"}"#.utf8))
        #expect(report.exitStatus == .success, "\(report.diagnostics)")
    }

    @Test("bytes that are not UTF-8 inside a schema string are an error at line and column, not replaced")
    func invalidUTF8() throws {
        let report = try Self.validate(Array("{\n  \"const\": \"Par".utf8) + [0xFF] + Array("is\"\n}".utf8))
        #expect(report.exitStatus == .invalidInput)
        #expect(report.diagnostics.joined().contains("line 2, column 16: not valid UTF-8 (at 0xFF)"), "\(report.diagnostics)")
    }

    @Test("a key repeated in one object of a schema is an error at its line and column")
    func duplicateKey() throws {
        let report = try Self.validate(Array("{\n  \"type\": \"string\",\n  \"type\": \"number\"\n}".utf8))
        #expect(report.exitStatus == .invalidInput)
        #expect(report.diagnostics.joined().contains("line 3, column 3: duplicate key \"type\""), "\(report.diagnostics)")
    }
}

@Suite("JSONSchema: instance files of schema validate")
struct SchemaInstanceInputTests {
    @Test("an instance file with a byte-order mark is read; one with bytes that are not UTF-8 is refused at line:column")
    func instanceFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("schema.json", #"{"type": "string"}"#)
        try Data([0xEF, 0xBB, 0xBF] + Array("\"Paris\"".utf8)).write(to: directory.url.appendingPathComponent("bom.json"))
        try Data(Array("[\n\"Par".utf8) + [0xC3] + Array("\"]".utf8)).write(to: directory.url.appendingPathComponent("bad.json"))
        let ok = SchemaFileValidation.run(schemaPath: directory.path("schema.json"), instancePaths: [directory.path("bom.json")],
                                          instancesJSONLPath: nil, format: .text)
        #expect(ok.exitStatus == .success, "\(ok.diagnostics)")
        let bad = SchemaFileValidation.run(schemaPath: directory.path("schema.json"), instancePaths: [directory.path("bad.json")],
                                           instancesJSONLPath: nil, format: .text)
        #expect(bad.exitStatus == .invalidInput)
        #expect(bad.diagnostics.joined().contains("bad.json:2:5: not valid UTF-8"), "\(bad.diagnostics)")
    }
}
