import Foundation
import Testing
@testable import EvalKit

@Suite("Eval set loader")
struct EvalSetLoaderTests {
    let loader = EvalSetLoader.standard

    @Test("a valid eval set loads its cases, prompts and scorers in file order")
    func validSetLoads() throws {
        let evalSet = try loader.load(TestFixtures.evalSet("valid"))
        #expect(evalSet.name == "valid")
        #expect(evalSet.description == "A small set that loads without problems.")
        #expect(evalSet.cases.map(\.id) == ["capital-france", "sum", "capital-netherlands"])
        #expect(evalSet.prompts.map(\.id) == ["plain", "few-shot"])
        #expect(evalSet.defaultPromptID == "plain")
        #expect(evalSet.scorerSpecs.map(\.type) == ["exact", "contains", "regex"])
        #expect(try ScorerRegistry.standard.makeScorers(for: evalSet).map(\.name) == ["exact", "mentions-answer", "has-word"])
    }

    @Test("cases keep their JSON values and tags, and the line they were read from, blank lines counted")
    func caseContent() throws {
        let cases = try loader.load(TestFixtures.evalSet("valid")).cases
        #expect(cases.map(\.line) == [1, 2, 4])
        #expect(cases[0].vars == ["question": .string("What is the capital of France?")])
        #expect(cases[0].tags == ["capital"])
        #expect(cases[1].expected == .number(12))
        #expect(cases[2].expected == .array([.string("Amsterdam"), .string("Amsterdam, Netherlands")]))
        #expect(cases[2].tags.isEmpty)
    }

    @Test("an integer version is read as its decimal string")
    func integerVersion() throws {
        #expect(try loader.load(TestFixtures.evalSet("valid")).version == "3")
    }

    @Test("a quoted semver version is kept exactly as written")
    func semverVersion() throws {
        #expect(try loader.load(TestFixtures.evalSet("semver-version")).version == "1.2.0")
    }

    @Test("min_pass_rate defaults to 1.0 and is read when given")
    func minPassRate() throws {
        #expect(try loader.load(TestFixtures.evalSet("valid")).minPassRate == 1.0)
        #expect(try loader.load(TestFixtures.evalSet("semver-version")).minPassRate == 0.75)
    }

    @Test("content hashes are 64 lowercase hex digits and identical across two loads")
    func hashesAreStable() throws {
        let first = try loader.load(TestFixtures.evalSet("valid"))
        let second = try loader.load(TestFixtures.evalSet("valid"))
        let hashes = [first.contentHash] + first.cases.map(\.contentHash) + first.prompts.map(\.contentHash)
        for hash in hashes {
            #expect(hash.count == 64)
            #expect(hash.allSatisfy { "0123456789abcdef".contains($0) }, "not lowercase hex: \(hash)")
        }
        #expect(Set(hashes).count == hashes.count, "different cases and prompts must not share a hash")
        #expect(first.contentHash == second.contentHash)
        #expect(first.cases.map(\.contentHash) == second.cases.map(\.contentHash))
        #expect(first.prompts.map(\.contentHash) == second.prompts.map(\.contentHash))
    }

    @Test("a case's hash changes with its expected answer")
    func caseHashFollowsExpected() throws {
        let copy = try EvalSetCopy(of: "valid")
        defer { copy.remove() }
        let before = try loader.load(copy.path)
        try copy.replace(#""expected": "Paris""#, with: #""expected": "Paris, France""#, in: "cases.jsonl")
        let after = try loader.load(copy.path)
        #expect(after.cases[0].contentHash != before.cases[0].contentHash)
        #expect(after.cases[1].contentHash == before.cases[1].contentHash)
        #expect(after.contentHash != before.contentHash)
    }

    @Test("changing only a case's tags changes neither its hash nor the eval set's")
    func tagsDoNotAffectHashes() throws {
        let copy = try EvalSetCopy(of: "valid")
        defer { copy.remove() }
        let before = try loader.load(copy.path)
        try copy.replace(#""tags": ["capital"]"#, with: #""tags": ["capital", "europe"]"#, in: "cases.jsonl")
        let after = try loader.load(copy.path)
        #expect(after.cases[0].tags == ["capital", "europe"])
        #expect(after.cases[0].contentHash == before.cases[0].contentHash)
        #expect(after.contentHash == before.contentHash)
    }

    @Test("the eval set hash changes when a prompt's wording changes")
    func setHashFollowsPromptText() throws {
        let copy = try EvalSetCopy(of: "valid")
        defer { copy.remove() }
        let before = try loader.load(copy.path)
        try copy.replace("Answer with the answer only.", with: "Answer briefly.", in: "prompts/plain.yaml")
        let after = try loader.load(copy.path)
        #expect(after.prompt(id: "plain")?.contentHash != before.prompt(id: "plain")?.contentHash)
        #expect(after.prompt(id: "few-shot")?.contentHash == before.prompt(id: "few-shot")?.contentHash)
        #expect(after.contentHash != before.contentHash)
    }

    @Test("the eval set hash changes when a few-shot example changes")
    func setHashFollowsExamples() throws {
        let copy = try EvalSetCopy(of: "valid")
        defer { copy.remove() }
        let before = try loader.load(copy.path)
        try copy.replace(#"assistant: "Lima""#, with: #"assistant: "Lima, Peru""#, in: "prompts/few-shot.yaml")
        let after = try loader.load(copy.path)
        #expect(after.contentHash != before.contentHash)
    }

    @Test("the eval set hash changes when a scorer option changes")
    func setHashFollowsScorerOptions() throws {
        let copy = try EvalSetCopy(of: "valid")
        defer { copy.remove() }
        let before = try loader.load(copy.path)
        try copy.replace("normalize: [trim, casefold]", with: "normalize: [trim]", in: "evalset.yaml")
        let after = try loader.load(copy.path)
        #expect(after.cases.map(\.contentHash) == before.cases.map(\.contentHash))
        #expect(after.contentHash != before.contentHash)
    }

    @Test("few-shot examples become user and assistant turns in file order, between system and question")
    func fewShotExamplesRenderInOrder() throws {
        let evalSet = try loader.load(TestFixtures.evalSet("valid"))
        let prompt = try #require(evalSet.prompt(id: "few-shot"))
        let messages = prompt.messages(for: evalSet.cases[0])
        #expect(messages.map(\.role) == [.system, .user, .assistant, .user, .assistant, .user])
        #expect(messages.map(\.content) == [
            "Reply with one word or one number.",
            "What is the capital of Peru?", "Lima",
            "What is 3 + 4?", "7",
            "What is the capital of France?",
        ])
    }

    @Test("a block-scalar prompt renders the case's variables without the YAML indentation")
    func plainPromptRenders() throws {
        let evalSet = try loader.load(TestFixtures.evalSet("valid"))
        let prompt = try #require(evalSet.prompt(id: "plain"))
        let messages = prompt.messages(for: evalSet.cases[1])
        #expect(messages == [
            ChatMessage(role: .system, content: "Answer with the answer only."),
            ChatMessage(role: .user, content: "Question: What is 5 + 7?\nAnswer:"),
        ])
    }

    @Test("load throws every problem lint reports, and nothing else")
    func loadThrowsLintProblems() throws {
        let path = TestFixtures.evalSet("bad-scorers")
        let problems = loader.lint(path)
        #expect(problems.count == 4)
        #expect(throws: InvalidInput.self) { try loader.load(path) }
        do {
            _ = try loader.load(path)
        } catch {
            #expect(error.problems == problems)
        }
    }

    @Test("the bundled world-facts set lints clean and has at least 120 cases and two prompts")
    func bundledWorldFacts() throws {
        let path = TestFixtures.repositoryRoot.appendingPathComponent("evalsets/world-facts").path
        #expect(loader.lint(path) == [])
        let evalSet = try loader.load(path)
        #expect(evalSet.cases.count >= 120)
        #expect(evalSet.prompts.count == 2)
        #expect(evalSet.prompt(id: evalSet.defaultPromptID) != nil)
        #expect(Set(evalSet.cases.map(\.id)).count == evalSet.cases.count)
    }
}
