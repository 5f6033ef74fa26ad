import Foundation
import Testing
@testable import EvalKit

/// `evalctl.yaml` input that would change a run without a word is a problem at file:line; one fixture per problem.
@Suite("Eval config input checks")
struct EvalConfigInputCheckTests {
    /// Every problem loading fixture `name`, as `name:line[:column]: message`.
    private func problems(_ name: String) -> [String] {
        do {
            _ = try EvalConfig.load(path: TestFixtures.config(name), environment: [:])
            return []
        } catch {
            return error.problems.map { $0.description.replacingOccurrences(of: TestFixtures.config("") + "/", with: "") }
        }
    }

    @Test("a misspelt top-level key suggests 'backends'")
    func topLevelTypo() {
        #expect(problems("unknown-top-level-typo.yaml").first == "unknown-top-level-typo.yaml:2: unknown top-level key 'backend' (did you mean 'backends'?)")
    }

    @Test("a misspelt backend option suggests the option meant")
    func backendOptionTypo() {
        #expect(problems("backend-option-typo.yaml") == ["backend-option-typo.yaml:6: backend 'stub': 'timeout' is not an option of type openai (did you mean 'timeout_s'?)"])
    }

    @Test("a misspelt price key is an error, not a generic shape complaint")
    func costKeyTypo() {
        #expect(problems("cost-key-typo.yaml") == ["cost-key-typo.yaml:6: backend 'stub': cost_per_mtok: unknown key 'ouput' (did you mean 'output'?)"])
    }

    @Test("a key given twice is reported at the second one's line, naming the first")
    func duplicateKey() {
        #expect(problems("duplicate-key.yaml") == ["duplicate-key.yaml:6: duplicate key 'model' (first at line 5)"])
    }

    @Test("a byte that is not UTF-8 is an error at line:column")
    func invalidUTF8() {
        #expect(problems("invalid-utf8.yaml") == ["invalid-utf8.yaml:5:18: not valid UTF-8 (at 0xFF); save the file as UTF-8"])
    }

    @Test("a leading byte-order mark is accepted")
    func byteOrderMark() throws {
        let config = try EvalConfig.load(path: TestFixtures.config("byte-order-mark.yaml"), environment: [:])
        #expect(config.backends.map(\.name) == ["stub"])
    }

    @Test("an alias bomb in params is refused at the line that crosses the limit, before params are read")
    func aliasBombInParams() {
        #expect(problems("alias-bomb-params.yaml") == [
            "alias-bomb-params.yaml:12: the document holds more than 100000 values once aliases are expanded (at alias *e); evalctl refuses files that expand this much",
        ])
    }

    @Test("honest anchors shared between backends give both the same values")
    func honestAnchors() throws {
        let config = try EvalConfig.load(path: TestFixtures.config("honest-anchors.yaml"), environment: [:])
        #expect(config.backends.map(\.baseURL) == Array(repeating: URL(string: "http://127.0.0.1:9/v1"), count: 2))
        #expect(config.backends.map(\.parameters) == Array(repeating: ["temperature": .number(0), "max_tokens": .number(64)], count: 2))
    }
}
