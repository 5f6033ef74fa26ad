import Foundation
import Testing
@testable import EvalKit

/// Imports of the real OpenAI Evals and promptfoo files under Tests/Fixtures/import (taken from their public
/// repositories, licences beside them): what is written lints clean, what cannot be expressed is listed at its line.
@Suite("Importing OpenAI Evals and promptfoo evals")
struct EvalSetImportTests {
    static let fixtures = TestFixtures.root.appendingPathComponent("import")
    static func openAIEvals(_ name: String) -> URL { fixtures.appendingPathComponent("openai-evals/registry/evals/\(name).yaml") }
    static func promptfoo(_ name: String) -> URL { fixtures.appendingPathComponent("promptfoo/\(name)/promptfooconfig.yaml") }

    static func run(_ source: EvalSetImport.Source, into directory: TemporaryDirectory, allowPartial: Bool = false,
                    to destination: String? = nil) throws -> EvalSetImport.Outcome {
        var options = EvalSetImport.Options()
        options.projectRoot = directory.url
        options.allowPartial = allowPartial
        options.destination = destination.map { directory.url.appendingPathComponent($0) }
        return try EvalSetImport(source: source, options: options).run()
    }

    static func scorers(_ directory: URL) throws -> [JSONValue] {
        let evalSet = try EvalSetLoader.standard.load(directory.path)
        return evalSet.scorerSpecs.map { JSONValue.object($0.options.merging(["type": .string($0.type)]) { own, _ in own }) }
    }

    @Test("the four evals of test-basic.yaml become four eval sets with Match, FuzzyMatch and Includes as scorers, each linting clean")
    func testBasic() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try Self.run(.openAIEvals(file: Self.openAIEvals("test-basic"), evals: [], registry: nil), into: directory)
        #expect(!outcome.refused && outcome.report.omitted.isEmpty)
        #expect(outcome.written.map(\.name) == ["test-match", "test-fuzzy-match", "test-includes", "test-includes-ignore-case"])
        #expect(outcome.written.map(\.cases) == [3, 3, 3, 3])
        for set in outcome.written {
            #expect(EvalSetLoader.standard.lint(set.directory.path).isEmpty)
            let manifest = try String(contentsOf: set.directory.appendingPathComponent("evalset.yaml"), encoding: .utf8)
            #expect(manifest.hasPrefix("# yaml-language-server: $schema=../../.evalctl/schemas/evalset.schema.json\n"))
        }
        #expect(FileManager.default.fileExists(atPath: directory.path(".evalctl/schemas/evalset.schema.json")))
        let match = try Self.scorers(outcome.written[0].directory)
        #expect(match.map { $0["type"] } == [.string("starts_with")])
        let fuzzy = try Self.scorers(outcome.written[1].directory)
        #expect(fuzzy.map { $0["type"] } == [.string("contains"), .string("f1")])
        #expect(fuzzy.first?["either_way"] == .bool(true) && fuzzy.first?["normalize"] == .array([.string("squad")]))
        let ignoreCase = try Self.scorers(outcome.written[3].directory)
        #expect(ignoreCase.first?["normalize"] == .array([.string("casefold")]))
        #expect(try Self.scorers(outcome.written[2].directory).first?["normalize"] == nil)
        // Chat inputs with example_user/example_assistant few-shots become the conversation each case sends.
        let fuzzySet = try EvalSetLoader.standard.load(outcome.written[1].directory.path)
        let conversation = try #require(fuzzySet.cases.first?.vars["input"]?.arrayValue)
        #expect(conversation.first?["role"] == .string("system"))
        #expect(conversation.last?["content"] == .string("Who is the girl who plays eleven in stranger things?"))
        #expect(fuzzySet.cases.first?.expected == .array([.string("Millie Bobby Brown")]))
    }

    @Test("--eval picks evals by name or id, and an unknown one is named with a suggestion")
    func pickEvals() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try Self.run(.openAIEvals(file: Self.openAIEvals("test-basic"), evals: ["test-includes.s1.simple-v0"], registry: nil), into: directory)
        #expect(outcome.written.map(\.name) == ["test-includes"])
        let error = #expect(throws: InputProblem.self) {
            _ = try Self.run(.openAIEvals(file: Self.openAIEvals("test-basic"), evals: ["test-mach"], registry: nil), into: directory)
        }
        #expect(error?.message.contains("no eval 'test-mach'") == true && error?.message.contains("did you mean 'test-match'") == true, "\(String(describing: error))")
        let many = #expect(throws: ImportFailure.self) {
            _ = try Self.run(.openAIEvals(file: Self.openAIEvals("test-basic"), evals: [], registry: nil), into: directory, to: "evalsets/one")
        }
        #expect(many?.message.contains("--eval NAME") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.path("evalsets/one")))
    }

    @Test("a Git LFS pointer in place of the samples is named with its oid and size, not parsed as data")
    func lfsPointer() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = #expect(throws: InputProblem.self) {
            _ = try Self.run(.openAIEvals(file: Self.openAIEvals("icelandic-inflection-easy"), evals: [], registry: nil), into: directory)
        }
        #expect(error?.file.hasSuffix("data/icelandic-inflection-easy/samples.jsonl") == true)
        #expect(error?.line == 1)
        #expect(error?.message.contains("Git LFS pointer (sha256:d85df00cf22b3c4638efc9f61c42d7adca7cdf19ccae107ef515fb5b5616e706, 72354 bytes)") == true)
        #expect(error?.message.contains("git lfs pull") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.path("evalsets")))
    }

    @Test("an LFS pointer committed as an eval set's cases file is named the same way by the loader")
    func lfsPointerInEvalSet() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try EchoEvalSet.write(into: directory, questions: ["a"])
        try directory.write("echo/cases.jsonl", "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n")
        let problems = EvalSetLoader.standard.lint(path)
        #expect(problems.contains { $0.file.hasSuffix("cases.jsonl") && $0.line == 1 && $0.message.contains("Git LFS pointer (sha256:abc, 12 bytes)") },
                "\(problems)")
    }

    @Test("ModelBasedClassify with the 'fact' spec becomes a binary judge whose rubric is the spec's prompt, filled as str.format would")
    func modelGraded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try Self.run(.openAIEvals(file: Self.openAIEvals("logic"), evals: [], registry: nil), into: directory)
        let set = try #require(outcome.written.first)
        #expect(set.cases == 10)
        let judge = try #require(try Self.scorers(set.directory).first)
        #expect(judge["type"] == .string("judge") && judge["scale"] == .string("binary") && judge["backend"] == .string("judge"))
        let rubric = try String(contentsOf: set.directory.appendingPathComponent("rubrics/fact.md"), encoding: .utf8)
        #expect(rubric.contains("[Question]: {{input_text}}") && rubric.contains("[Expert]: {{expected}}") && rubric.contains("[Submission]: {{output}}"))
        #expect(!rubric.contains("{input}") && !rubric.contains("{completion}"))
        #expect(rubric.contains("1 if you chose A or B or C or E, 0 if you chose D"))
        #expect(outcome.report.notes.contains { $0.message.contains("add that backend to evalctl.yaml") })
    }

    @Test("Python format strings: {{ and }} are literal braces, {name} is filled, a lone brace or an unknown name is an error")
    func pythonFormat() throws {
        #expect(try OpenAIEvalsImporter.pythonFormat("a {x} {{b}} }}", values: ["x": "1"]) == "a 1 {b} }")
        #expect(throws: ImportFailure.self) { try OpenAIEvalsImporter.pythonFormat("{nope}", values: [:]) }
        #expect(throws: ImportFailure.self) { try OpenAIEvalsImporter.pythonFormat("a } b", values: [:]) }
        #expect(throws: ImportFailure.self) { try OpenAIEvalsImporter.pythonFormat("a { b", values: [:]) }
    }

    @Test("JsonMatch becomes json_equal, with each ideal JSON kept as the expected answer")
    func jsonMatch() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try Self.run(.openAIEvals(file: Self.openAIEvals("handwritten-json-match"), evals: [], registry: nil), into: directory)
        let set = try #require(outcome.written.first)
        #expect(try Self.scorers(set.directory).map { $0["type"] } == [.string("json_equal")])
        #expect(set.cases == 4)
    }

    @Test("promptfoo: code assertions, transforms and Nunjucks logic are listed at their lines and nothing is written; --allow-partial writes the rest")
    func promptfooOmissions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let refused = try Self.run(.promptfoo(config: Self.promptfoo("json-output")), into: directory)
        #expect(refused.refused && refused.written.isEmpty)
        #expect(refused.report.omitted.map(\.line) == [22, 14, 36, 39])
        #expect(refused.report.omitted.allSatisfy { $0.file.hasSuffix("json-output/promptfooconfig.yaml") })
        #expect(refused.report.omitted.filter { $0.message.contains("javascript assertion") }.count == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.path("evalsets")))
        let lines = refused.lines(allowPartial: false)
        #expect(lines.last?.contains("nothing was written") == true && lines.last?.contains("--allow-partial") == true)

        let partial = try Self.run(.promptfoo(config: Self.promptfoo("json-output")), into: directory, allowPartial: true)
        let set = try #require(partial.written.first)
        #expect(EvalSetLoader.standard.lint(set.directory.path).isEmpty)
        #expect(partial.lines(allowPartial: true).contains { $0.contains("partial:") })

        let tests = try Self.run(.promptfoo(config: Self.promptfoo("simple-test")), into: directory)
        #expect(tests.report.omitted.map(\.line) == [32, 34, 38])
        #expect(tests.report.omitted.map { $0.message.components(separatedBy: " ").first ?? "" } == ["javascript", "python", "similar"])
    }

    @Test("promptfoo: a prompt Mustache cannot express is named with its line; with no prompt left nothing is written even with --allow-partial")
    func promptfooNoPrompt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try Self.run(.promptfoo(config: Self.promptfoo("multiple-turn-conversation")), into: directory, allowPartial: true)
        #expect(outcome.refused && outcome.written.isEmpty)
        #expect(outcome.report.omitted.first?.located.hasSuffix("prompt.json:6: prompt 'multi-turn-conversation': Nunjucks tag {% for completion in _conversation %} cannot be expressed in a Mustache template; the prompt is not imported") == true,
                "\(outcome.report.omitted)")
        let simple = try Self.run(.promptfoo(config: Self.promptfoo("simple-csv")), into: directory)
        #expect(simple.report.omitted.first?.located.hasSuffix("simple-csv/prompts.txt:2: prompt 'prompts': Nunjucks expression {{ (style_config | load).tone }} cannot be expressed in a Mustache template; the prompt is not imported") == true,
                "\(simple.report.omitted)")
    }

    @Test("promptfoo CSV tests: __expected columns become scorers, __metadata columns tags, llm-rubric a judge with its rubric")
    func promptfooCSV() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try Self.run(.promptfoo(config: Self.promptfoo("csv-metadata")), into: directory)
        let set = try #require(outcome.written.first)
        let evalSet = try EvalSetLoader.standard.load(set.directory.path)
        #expect(evalSet.cases.count == 3)
        #expect(evalSet.cases.first?.vars["topic"] == .string("machine learning"))
        let tags = evalSet.cases[1].tags
        #expect(tags.contains("category:science") && tags.contains("advanced,theory"), "\(tags)")
        let scorers = try Self.scorers(set.directory)
        #expect(scorers.map { $0["type"] } == [.string("contains"), .string("judge")])
        #expect(evalSet.cases.map { $0.vars[scorers[0]["expected_var"]?.stringValue ?? ""] } == ["algorithm", "quantum", "temperature"].map(JSONValue.string))
    }

    @Test("an import never overwrites: a second import into the same folder is refused and the first stays as it was")
    func noOverwrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try Self.run(.openAIEvals(file: Self.openAIEvals("logic"), evals: [], registry: nil), into: directory)
        let manifest = first.written[0].directory.appendingPathComponent("evalset.yaml")
        let before = try Data(contentsOf: manifest)
        let error = #expect(throws: ImportFailure.self) {
            _ = try Self.run(.openAIEvals(file: Self.openAIEvals("logic"), evals: [], registry: nil), into: directory)
        }
        #expect(error?.message.contains("already exists and is not empty") == true)
        #expect(try Data(contentsOf: manifest) == before)
        try directory.write("taken", "a file")
        #expect(throws: ImportFailure.self) {
            _ = try Self.run(.promptfoo(config: Self.promptfoo("csv-metadata")), into: directory, to: "taken")
        }
        #expect(try String(contentsOf: directory.url.appendingPathComponent("taken"), encoding: .utf8) == "a file")
        // Only the hidden staging folder was ever beside it, and it is gone.
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path("evalsets"))
        #expect(entries == ["logic-fact"])
    }

    @Test("hostile promptfoo text (quotes, YAML syntax, controls, Mustache braces, bidi) reads back exactly and lints clean")
    func hostileText() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let nasty = ["a: b # not a comment", "\"quoted\" and 'single'", "- [x, {y: z}]", "tab\there\u{7}bell\u{1B}[31mred", "{{#evil}}x{{/evil}}",
                     "line1\nline2\r\n", "\u{202E}reversed", "null", "*alias &anchor !!binary", "\u{85}next\u{2028}sep"]
        var yaml = "description: \"hostile: yes\"\nprompts:\n  - 'Say {{text}}'\ntests:\n"
        for text in nasty {
            yaml += "  - description: \(YAMLText.quoted(text))\n    vars:\n      text: \(YAMLText.quoted(text))\n    assert:\n      - type: equals\n        value: '{{text}}'\n"
        }
        try directory.write("pf/promptfooconfig.yaml", yaml)
        let outcome = try Self.run(.promptfoo(config: directory.url.appendingPathComponent("pf/promptfooconfig.yaml")), into: directory)
        let set = try #require(outcome.written.first, "\(outcome.report.omitted)")
        let evalSet = try EvalSetLoader.standard.load(set.directory.path)
        #expect(evalSet.cases.map { $0.vars["text"] } == nasty.map(JSONValue.string))
        let scorers = try Self.scorers(set.directory)
        #expect(scorers.count == 1)
        let variable = try #require(scorers.first?["expected_var"]?.stringValue)
        #expect(evalSet.cases.map { $0.vars[variable] } == nasty.map(JSONValue.string))
        // The report shown on a terminal carries no escape sequence from the input.
        #expect(outcome.lines(allowPartial: false).allSatisfy { !$0.contains("\u{1B}") })
    }

    @Test("a missing file, a folder and a file that is not an OpenAI Evals registry are clear input problems")
    func badPaths() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = #expect(throws: InputProblem.self) {
            _ = try Self.run(.promptfoo(config: directory.url.appendingPathComponent("nope.yaml")), into: directory)
        }
        #expect(missing?.message.contains("no such file") == true)
        let folder = #expect(throws: InputProblem.self) {
            _ = try Self.run(.openAIEvals(file: Self.fixtures.appendingPathComponent("openai-evals/registry/evals"), evals: [], registry: nil), into: directory)
        }
        #expect(folder?.message.contains("is a folder") == true && folder?.message.contains("test-basic.yaml") == true)
        try directory.write("x.yaml", "just: a mapping\n")
        let notRegistry = #expect(throws: InputProblem.self) {
            _ = try Self.run(.openAIEvals(file: directory.url.appendingPathComponent("x.yaml"), evals: [], registry: nil), into: directory)
        }
        #expect(notRegistry?.message.contains("no eval here") == true)
    }

    @Test("every text the importers write as a YAML scalar reads back exactly: controls, NEL, separators, BOM, astral")
    func yamlScalarsRoundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var scalars = (0..<0x250).compactMap(Unicode.Scalar.init)
        scalars += [0x2028, 0x2029, 0x202E, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600, 0x10FFFF].compactMap(Unicode.Scalar.init)
        var texts = scalars.map { "a" + String(Character($0)) + "b" }
        texts += ["", " leading", "trailing ", "true", "null", "~", "- x", "#", "a: b", "0x1F", "1e3", "[", "{", "&a", "*a", "!t", "|", ">", "%", "@", "`"]
        var yaml = ""
        for (index, text) in texts.enumerated() { yaml += "k\(index): \(YAMLText.scalar(text))\n" }
        try directory.write("t.yaml", yaml)
        let root = try YAMLFile(url: directory.url.appendingPathComponent("t.yaml"), displayPath: "t.yaml").rootMapping()
        for (index, text) in texts.enumerated() {
            #expect(try root.optionalString("k\(index)") == text, "scalar U+\(String(text.unicodeScalars.dropFirst().first?.value ?? 0, radix: 16))")
        }
    }
}
