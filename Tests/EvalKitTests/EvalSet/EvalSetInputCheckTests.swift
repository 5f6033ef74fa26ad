import Foundation
import Testing
@testable import EvalKit

/// Input that would change a verdict without a word (a misspelt key, a byte that is not UTF-8, a key given twice) is a
/// lint problem at file:line (and column, counted in bytes, when it is one spot of a line). One fixture per problem.
@Suite("Eval set input checks")
struct EvalSetInputCheckTests {
    /// The lint output of fixture `name`, each problem as `file:line[:column]: message` with the fixture's path
    /// shortened to `name/…`.
    private func lint(_ name: String) -> [String] {
        let root = TestFixtures.evalSet(name)
        return EvalSetLoader.standard.lint(root).map { $0.description.replacingOccurrences(of: TestFixtures.evalSet("") + "/", with: "") }
    }

    @Test("a misspelt top-level key is an error suggesting the key meant, instead of min_pass_rate silently staying 1.0")
    func manifestUnknownKey() {
        #expect(lint("manifest-unknown-key") == ["manifest-unknown-key/evalset.yaml:9: unknown key 'min_pas_rate' (did you mean 'min_pass_rate'?)"])
    }

    @Test("a misspelt field of a few-shot example is an error in the prompt file")
    func exampleUnknownField() {
        #expect(lint("prompt-example-unknown-field") == [
            "prompt-example-unknown-field/prompts/ask.yaml:3: example: unknown field 'asistant' (did you mean 'assistant'?)",
        ])
    }

    @Test("a misspelt scorer option and scorer type suggest the right one")
    func scorerTypos() {
        #expect(lint("scorer-option-typo") == ["scorer-option-typo/evalset.yaml:8: scorer 'exact': unknown option 'normalise' (did you mean 'normalize'?)"])
        #expect(lint("scorer-type-typo") == ["scorer-type-typo/evalset.yaml:8: unknown scorer type 'contain' (did you mean 'contains'?)"])
    }

    @Test("a misspelt field of a case is an error at its line")
    func caseUnknownField() {
        #expect(lint("cases-unknown-field") == ["cases-unknown-field/cases.jsonl:2: case 'sum': unknown field 'tag' (did you mean 'tags'?)"])
    }

    @Test("a byte that is not UTF-8 in a cases line is an error at line:column (bytes), not U+FFFD sent to the model")
    func casesInvalidUTF8() {
        #expect(lint("cases-invalid-utf8") == ["cases-invalid-utf8/cases.jsonl:2:48: not valid UTF-8 (at 0xE9); save the file as UTF-8"])
    }

    @Test("a byte that is not UTF-8 in evalset.yaml, a prompt file or a rubric is an error at line:column")
    func textFilesInvalidUTF8() {
        #expect(lint("yaml-invalid-utf8") == ["yaml-invalid-utf8/evalset.yaml:2:17: not valid UTF-8 (at 0xE9); save the file as UTF-8"])
        #expect(lint("prompt-invalid-utf8") == ["prompt-invalid-utf8/prompts/ask.yaml:1:11: not valid UTF-8 (at 0xC3); save the file as UTF-8"])
        #expect(lint("rubric-invalid-utf8") == ["rubric-invalid-utf8/rubrics/correct.txt:2:29: not valid UTF-8 (at 0xE9); save the file as UTF-8"])
    }

    @Test("a key given twice in one cases object is an error at the second one's column, since JSON keeps only one")
    func casesDuplicateKey() {
        #expect(lint("cases-duplicate-key") == [
            "cases-duplicate-key/cases.jsonl:2:71: duplicate key \"expected\" in one object (JSON keeps only one of them)",
        ])
    }

    @Test("a key given twice in YAML is an error at the second one's line, naming the first")
    func yamlDuplicateKey() {
        #expect(lint("yaml-duplicate-key") == ["yaml-duplicate-key/evalset.yaml:9: duplicate key 'version' (first at line 2)"])
        #expect(lint("prompt-duplicate-key") == ["prompt-duplicate-key/prompts/ask.yaml:2: duplicate key 'user' (first at line 1)"])
    }

    @Test("a byte-order mark at the start of every file kind is accepted and dropped", arguments: [
        "evalset.yaml", "prompts/ask.yaml", "cases.jsonl", "rubrics/correct.txt", "schemas/answer.json",
    ])
    func byteOrderMarks(file: String) throws {
        let root = TestFixtures.evalSet("byte-order-marks")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: root).appendingPathComponent(file))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "the fixture must start with a byte-order mark")
        let evalSet = try EvalSetLoader.standard.load(root)
        #expect(evalSet.name == "byte-order-marks")
        #expect(evalSet.cases.first?.id == "capital-france")
        #expect(evalSet.prompts.first?.turns.last?.template.source == "{{question}}")
        let judge = try #require(try ScorerRegistry.standard.makeScorers(for: evalSet).compactMap { $0 as? JudgeScorer }.first)
        #expect(judge.rubric.source.hasPrefix("Is "), "the rubric sent to the judge must not start with U+FEFF")
    }

    @Test("alias bombs in scorer options or a prompt file are refused at the line that crosses the limit")
    func aliasBombs() {
        #expect(lint("alias-bomb-scorer") == [
            "alias-bomb-scorer/evalset.yaml:15: the document holds more than 100000 values once aliases are expanded (at alias *e); evalctl refuses files that expand this much",
        ])
        #expect(lint("alias-bomb-prompt").first?.hasPrefix("alias-bomb-prompt/prompts/ask.yaml:8: the document holds more than 100000 values") == true)
        #expect(lint("alias-key") == ["alias-key/evalset.yaml:10: a mapping key must be plain text, found the alias *list, which names a list or mapping"])
    }

    @Test("honest anchors and aliases (a reused normalize list, a reused answer) load as if written out")
    func honestAnchors() throws {
        let evalSet = try EvalSetLoader.standard.load(TestFixtures.evalSet("honest-anchors"))
        #expect(evalSet.scorerSpecs.map { $0.options["normalize"] } == Array(repeating: .array([.string("trim"), .string("casefold")]), count: 2))
        #expect(evalSet.prompts.first?.turns.filter { $0.role == .assistant }.map(\.template.source) == ["Lima", "Lima"])
    }
}
