import Foundation
import Testing
@testable import EvalKit

/// Each fixture under `Tests/Fixtures/evalsets` holds one kind of mistake; lint must name its file and line.
@Suite("Eval set lint")
struct EvalSetLintTests {
    private func lint(_ fixture: String) -> (problems: [InputProblem], file: (String) -> String) {
        let root = TestFixtures.evalSet(fixture)
        return (EvalSetLoader.standard.lint(root), { root + "/" + $0 })
    }

    private func expectProblem(
        _ problems: [InputProblem], file: String, line: Int?, mentioning fragments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let found = problems.contains { problem in
            problem.file == file && problem.line == line && fragments.allSatisfy { problem.message.contains($0) }
        }
        #expect(found, "no problem at \(file):\(line.map(String.init) ?? "-") mentioning \(fragments); lint found:\n\(problems.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    @Test("a valid eval set has no problems")
    func validSetIsClean() {
        #expect(lint("valid").problems == [])
        #expect(lint("semver-version").problems == [])
    }

    @Test("a malformed JSON line is reported at its line, and later lines are still read")
    func malformedJSONLine() {
        let (problems, file) = lint("bad-cases")
        expectProblem(problems, file: file("cases.jsonl"), line: 3, mentioning: ["malformed JSON"])
        #expect(problems.contains { $0.line == 10 }, "lines after the malformed one must still be checked")
    }

    @Test("a line that is JSON but not an object is reported with the type found")
    func nonObjectLine() {
        let (problems, file) = lint("bad-cases")
        expectProblem(problems, file: file("cases.jsonl"), line: 4, mentioning: ["expected a JSON object", "array"])
    }

    @Test("a case without an id is reported at its line")
    func missingID() {
        let (problems, file) = lint("bad-cases")
        expectProblem(problems, file: file("cases.jsonl"), line: 5, mentioning: ["missing 'id'"])
    }

    @Test("a duplicate id is reported at the second use and names the line of the first")
    func duplicateID() {
        let (problems, file) = lint("bad-cases")
        expectProblem(problems, file: file("cases.jsonl"), line: 6, mentioning: ["duplicate id 'ok-1'", "first used at line 1"])
    }

    @Test("vars that is not an object is reported with the case id")
    func varsNotObject() {
        let (problems, file) = lint("bad-cases")
        expectProblem(problems, file: file("cases.jsonl"), line: 7, mentioning: ["case 'vars-list'", "'vars' must be an object", "array"])
    }

    @Test("a case without expected is reported with the case id")
    func missingExpected() {
        let (problems, file) = lint("bad-cases")
        expectProblem(problems, file: file("cases.jsonl"), line: 8, mentioning: ["case 'no-expected'", "missing 'expected'"])
    }

    @Test("tags that are not all strings are reported")
    func tagsNotStrings() {
        let (problems, file) = lint("bad-cases")
        expectProblem(problems, file: file("cases.jsonl"), line: 9, mentioning: ["case 'numeric-tags'", "'tags' must be a list of strings"])
    }

    @Test("a {{variable}} the case does not provide is reported at the case's line, naming prompt, file and template line")
    func missingTemplateVariable() {
        let (problems, file) = lint("bad-cases")
        expectProblem(problems, file: file("cases.jsonl"), line: 10, mentioning: [
            "case 'no-question'", "{{question}}", "prompt 'ask'", "\(file("prompts/ask.yaml")), 'user' line 1",
        ])
    }

    @Test("well-formed lines among bad ones produce no problems, and each bad line is reported")
    func onlyBadLinesReported() {
        let (problems, _) = lint("bad-cases")
        #expect(!problems.contains { $0.line == 1 || $0.line == 2 })
        #expect(Set(problems.compactMap(\.line)) == Set(3...10))
    }

    @Test("an unknown scorer type is reported at its entry in evalset.yaml with the known types")
    func unknownScorerType() {
        let (problems, file) = lint("bad-scorers")
        expectProblem(problems, file: file("evalset.yaml"), line: 9, mentioning: ["unknown scorer type 'bleu-ish'", "contains, exact"])
    }

    @Test("an option the scorer type does not have is reported at its entry")
    func unknownScorerOption() {
        let (problems, file) = lint("bad-scorers")
        expectProblem(problems, file: file("evalset.yaml"), line: 10, mentioning: ["scorer 'contains'", "unknown option 'ignore_case'"])
    }

    @Test("an unknown normalization is reported with the ones that exist")
    func badNormalizeOption() {
        let (problems, file) = lint("bad-scorers")
        expectProblem(problems, file: file("evalset.yaml"), line: 12, mentioning: ["unknown normalization 'lowercase'", "collapse_whitespace"])
    }

    @Test("an invalid regular expression is reported at its scorer entry")
    func invalidRegex() {
        let (problems, file) = lint("bad-scorers")
        expectProblem(problems, file: file("evalset.yaml"), line: 14, mentioning: ["scorer 'regex'", "not a valid regular expression", "([a-z"])
        #expect(!problems.contains { $0.line == 8 }, "the valid scorer entry must not be reported")
    }

    @Test("a missing prompt file is reported at its entry in evalset.yaml, naming the file")
    func missingPromptFile() {
        let (problems, file) = lint("missing-prompt-file")
        expectProblem(problems, file: file("evalset.yaml"), line: 5, mentioning: ["prompt 'gone'", file("prompts/gone.yaml"), "no such file"])
        #expect(problems.count == 1)
    }

    @Test("a missing cases file is reported by its path")
    func missingCasesFile() {
        let (problems, file) = lint("missing-cases-file")
        #expect(problems.count == 1)
        expectProblem(problems, file: file("cases.jsonl"), line: nil, mentioning: ["cannot read cases file", "no such file"])
    }

    @Test("a directory without evalset.yaml is reported by the manifest's path")
    func missingManifest() {
        let (problems, file) = lint("missing-manifest")
        #expect(problems.count == 1)
        expectProblem(problems, file: file("evalset.yaml"), line: nil, mentioning: ["no such file"])
    }

    @Test("a YAML syntax error is reported at its line")
    func yamlSyntaxError() {
        let (problems, file) = lint("yaml-syntax-error")
        #expect(problems.count == 1)
        expectProblem(problems, file: file("evalset.yaml"), line: 3, mentioning: ["invalid YAML"])
    }

    @Test("a default_prompt that is not among the prompts is reported with the ones that are")
    func unknownDefaultPrompt() {
        let (problems, file) = lint("unknown-default-prompt")
        #expect(problems.count == 1)
        expectProblem(problems, file: file("evalset.yaml"), line: 5, mentioning: ["default_prompt 'detailed'", "(ask)"])
    }

    @Test("a min_pass_rate above 1 is reported at its line")
    func passRateOutOfRange() {
        let (problems, file) = lint("pass-rate-out-of-range")
        #expect(problems.count == 1)
        expectProblem(problems, file: file("evalset.yaml"), line: 9, mentioning: ["min_pass_rate must be between 0 and 1", "1.5"])
    }

    @Test("an unknown field in a prompt file is reported in that file at its line")
    func promptUnknownField() {
        let (problems, file) = lint("prompt-unknown-field")
        #expect(problems.count == 1)
        expectProblem(problems, file: file("prompts/ask.yaml"), line: 2, mentioning: ["unknown field 'temperature'", "system, user, examples"])
    }

    @Test("an invalid template in a block scalar is reported at the file line of the broken template line")
    func invalidTemplate() {
        let (problems, file) = lint("invalid-template")
        #expect(problems.count == 1)
        expectProblem(problems, file: file("prompts/ask.yaml"), line: 4, mentioning: ["'user'", "invalid Mustache template"])
    }

    @Test("problems in the manifest, the cases and a prompt file are all reported together")
    func allProblemsTogether() {
        let (problems, file) = lint("many-problems")
        expectProblem(problems, file: file("prompts/ask.yaml"), line: 2, mentioning: ["unknown field 'model'"])
        expectProblem(problems, file: file("cases.jsonl"), line: 2, mentioning: ["malformed JSON"])
        expectProblem(problems, file: file("evalset.yaml"), line: 9, mentioning: ["unknown scorer type 'semantic-similarity'"])
        expectProblem(problems, file: file("evalset.yaml"), line: 5, mentioning: ["default_prompt 'detailed'"])
        #expect(problems.count == 4)
    }
}
