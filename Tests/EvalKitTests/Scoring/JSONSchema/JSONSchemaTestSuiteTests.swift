import Foundation
import Testing
@testable import EvalKit

@Suite("JSONSchema: official draft 2020-12 test suite")
struct JSONSchemaTestSuiteTests {
    @Test("every required test of the draft 2020-12 suite passes")
    func requiredSuite() throws {
        let outcome = try JSONSchemaTestSuite.run(JSONSchemaTestSuite.files(in: JSONSchemaTestSuite.draft),
                                                  registry: JSONSchemaTestSuite.registry())
        print("JSON Schema Test Suite draft2020-12 (required): \(outcome.passed)/\(outcome.total) passed")
        for failure in outcome.failures {
            Issue.record(Comment(rawValue: failure))
        }
        #expect(outcome.total > 1000)
        #expect(outcome.failures.isEmpty)
    }

    @Test("the optional tests are run and their pass count reported (not asserted)")
    func optionalSuite() throws {
        let optional = JSONSchemaTestSuite.draft.appendingPathComponent("optional", isDirectory: true)
        let registry = try JSONSchemaTestSuite.registry()
        var outcome = try JSONSchemaTestSuite.run(JSONSchemaTestSuite.files(in: optional), registry: registry)
        let formats = try JSONSchemaTestSuite.run(JSONSchemaTestSuite.files(in: optional.appendingPathComponent("format")),
                                                  registry: registry, assertsFormat: true)
        print("JSON Schema Test Suite draft2020-12 (optional): \(outcome.passed)/\(outcome.total) passed; "
            + "optional/format with format asserted: \(formats.passed)/\(formats.total) passed")
        outcome.passed += formats.passed
        outcome.failures += formats.failures
        print("JSON Schema Test Suite draft2020-12 (optional, all): \(outcome.passed)/\(outcome.total) passed")
        if ProcessInfo.processInfo.environment["JSON_SCHEMA_SUITE_VERBOSE"] != nil {
            for failure in outcome.failures { print("  optional failure: \(failure)") }
        }
        #expect(outcome.total > 0)
    }
}
