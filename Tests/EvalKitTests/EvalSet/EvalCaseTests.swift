import Testing
@testable import EvalKit

@Suite("Eval case")
struct EvalCaseTests {
    private let vars: [String: JSONValue] = ["question": .string("What is 5 + 7?")]

    @Test("the content hash ignores id, tags and line")
    func hashIgnoresMetadata() {
        let original = EvalCase(id: "sum", vars: vars, expected: .string("12"), tags: ["arithmetic"], line: 2)
        let retagged = EvalCase(id: "sum-renamed", vars: vars, expected: .string("12"), tags: ["maths", "easy"], line: 40)
        #expect(original.contentHash == retagged.contentHash)
    }

    @Test("the content hash changes when the expected answer or a variable changes")
    func hashFollowsContent() {
        let original = EvalCase(id: "sum", vars: vars, expected: .string("12"))
        #expect(EvalCase(id: "sum", vars: vars, expected: .string("13")).contentHash != original.contentHash)
        #expect(EvalCase(id: "sum", vars: vars, expected: .number(12)).contentHash != original.contentHash)
        #expect(EvalCase(id: "sum", vars: ["question": .string("What is 5+7?")], expected: .string("12")).contentHash != original.contentHash)
    }

    @Test("the content hash is SHA-256 of the canonical JSON of vars and expected")
    func hashDefinition() {
        let evalCase = EvalCase(id: "sum", vars: vars, expected: .number(12))
        #expect(evalCase.contentHash == SHA256.hex(#"{"expected":12,"vars":{"question":"What is 5 + 7?"}}"#))
    }
}
