import Foundation
@testable import EvalKit

/// The official JSON Schema Test Suite copy under `Tests/Fixtures/JSON-Schema-Test-Suite`, run against `JSONSchema`.
enum JSONSchemaTestSuite {
    static let root = TestFixtures.root.appendingPathComponent("JSON-Schema-Test-Suite", isDirectory: true)
    static let draft = root.appendingPathComponent("tests/draft2020-12", isDirectory: true)

    /// The standard registry plus the suite's `remotes/`, served at `http://localhost:1234/` as the suite expects.
    static func registry() throws -> SchemaRegistry {
        try SchemaRegistry.standard.addingDirectory(root.appendingPathComponent("remotes", isDirectory: true),
                                                    baseURI: "http://localhost:1234/")
    }

    /// The outcome of running some suite files: how many test cases passed, and a line for each that did not.
    struct Outcome {
        var passed = 0
        var failures: [String] = []
        var total: Int { passed + failures.count }
    }

    /// The `.json` files directly in `directory` (not its subfolders), sorted.
    static func files(in directory: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Runs every test case of every file; a schema that fails to compile fails each of its cases.
    /// With `assertsFormat`, `format` is checked (what the suite's `optional/format` files expect).
    static func run(_ files: [URL], registry: SchemaRegistry, assertsFormat: Bool = false) throws -> Outcome {
        var outcome = Outcome()
        for file in files {
            let groups = try JSONParser.parse(Data(contentsOf: file)).arrayValue ?? []
            for group in groups {
                let title = "\(file.lastPathComponent): \(group["description"]?.stringValue ?? "?")"
                let tests = group["tests"]?.arrayValue ?? []
                let schema: JSONSchema
                do {
                    schema = try JSONSchema(group["schema"] ?? .null, registry: registry, assertsFormat: assertsFormat)
                } catch {
                    for test in tests {
                        outcome.failures.append("\(title) / \(test["description"]?.stringValue ?? "?"): schema error: \(error)")
                    }
                    continue
                }
                for test in tests {
                    let expected = test["valid"]?.boolValue ?? false
                    let result: SchemaValidationResult
                    do {
                        result = try schema.validate(test["data"] ?? .null)
                    } catch {
                        outcome.failures.append("\(title) / \(test["description"]?.stringValue ?? "?"): cannot validate: \(error)")
                        continue
                    }
                    // The yes/no check that answers for valid instances must agree with the suite on every test,
                    // the invalid ones too (for those `validate` evaluates in full, so it is asked on its own here).
                    if let quick = schema.quickVerdict(test["data"] ?? .null), quick != expected {
                        outcome.failures.append("\(title) / \(test["description"]?.stringValue ?? "?"): the quick check says \(quick ? "valid" : "invalid")")
                        continue
                    }
                    if result.isValid == expected {
                        outcome.passed += 1
                    } else {
                        let detail = result.errors.first.map { ": \($0)" } ?? ""
                        outcome.failures.append("\(title) / \(test["description"]?.stringValue ?? "?"): expected \(expected ? "valid" : "invalid")\(detail)")
                    }
                }
            }
        }
        return outcome
    }
}
