import Foundation
import Testing
@testable import EvalKit

@Suite("Eval set content hash")
struct EvalSetContentHashTests {
    @Test("the content written for the hash is the canonical JSON of the content tree, escapes and all")
    func contentIsCanonicalJSON() throws {
        let cases = ["plain", "with \"quotes\" and \\", "tab\there\nnewline\u{1}", "ünïcödé ✓", "9"].enumerated().map { index, id in
            EvalCase(id: id, vars: ["q": .number(Double(index))], expected: .string("x"))
        }
        let prompts = [try PromptVersion(id: "b", path: "b.yaml", system: nil, user: PromptTemplate("{{q}}")),
                       try PromptVersion(id: "a \"quoted\"", path: "a.yaml", system: nil, user: PromptTemplate("Q {{q}}"))]
        let specs = [ScorerSpec(type: "exact", options: ["type": .string("exact"), "normalize": .array([.string("trim")])], file: "e", line: 1),
                     ScorerSpec(type: "bleu", options: ["type": .string("bleu"), "threshold": .number(12.5)], file: "e", line: 2)]
        for minPassRate in [0.0, 0.75, 1.0, 1.0 / 3.0] {
            let tree: JSONValue = .object([
                "cases": .array(cases.map { .array([.string($0.id), .string($0.contentHash)]) }),
                "prompts": .object(Dictionary(uniqueKeysWithValues: prompts.map { ($0.id, .string($0.contentHash)) })),
                "scorers": .array(specs.map { .object($0.options) }),
                "min_pass_rate": .number(minPassRate),
            ])
            let written = EvalSet.canonicalContent(cases: cases, prompts: prompts, scorerSpecs: specs, minPassRate: minPassRate)
            #expect(written == tree.canonicalJSON)
            let evalSet = EvalSet(name: "s", version: "1", description: "", directory: URL(fileURLWithPath: "/tmp"), prompts: prompts,
                                  defaultPromptID: "b", cases: cases, scorerSpecs: specs, minPassRate: minPassRate)
            #expect(evalSet.contentHash == SHA256.hex(tree.canonicalJSON))
        }
    }
}
