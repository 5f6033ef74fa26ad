import Foundation
import Testing
@testable import EvalKit

@Test func probe() throws {
    for name in ["valid", "semver-version", "bad-cases", "bad-scorers", "invalid-template", "many-problems", "missing-cases-file", "missing-manifest", "missing-prompt-file", "pass-rate-out-of-range", "prompt-unknown-field", "unknown-default-prompt", "yaml-syntax-error"] {
        print("== \(name)")
        for p in EvalSetLoader().lint(TestFixtures.evalSet(name)) { print(p) }
    }
    let wf = TestFixtures.repositoryRoot.appendingPathComponent("evalsets/world-facts").path
    print("world-facts", EvalSetLoader().lint(wf))
    let t = try PromptTemplate("a {{x}} <b>& \"q\" {{n}} {{f}} {{t}} {{#t}}yes{{/t}}{{^f}}no{{/f}} {{o.k}} {{o}} {{#l}}[{{.}}]{{/l}} {{missing}} {{o.zz}}")
    print(t.render(["x": .string("<b>&\"'"), "n": .number(7), "f": .bool(false), "t": .bool(true), "o": .object(["k": .string("v")]), "l": .array([.number(1), .string("s")])]))
    print(t.missingVariables(in: ["x": .string("")]))
    do { _ = try PromptTemplate("line1\n{{#a}}open\nmore") } catch { print("parse", error.line, error.message) }
    do { _ = try PromptTemplate("{{#a}}x{{/b}}") } catch { print("parse", error.line, error.message) }
}
