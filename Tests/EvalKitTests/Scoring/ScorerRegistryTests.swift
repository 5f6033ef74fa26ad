import Foundation
import Testing
@testable import EvalKit

@Suite("Scorer registry")
struct ScorerRegistryTests {
    @Test("the standard registry knows exact, contains, regex and judge, listed in order")
    func knownTypes() {
        let known = ScorerRegistry.standard.knownTypes
        #expect(Set(["contains", "exact", "regex", "judge"]).isSubset(of: Set(known)))
        #expect(known == known.sorted())
    }

    @Test("chrf and ter are registered, as corpus scorers on 0…1, also under a scope")
    func chrFAndTER() throws {
        for type in ["chrf", "ter"] {
            let scorer = try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string(type)]), evalSetDirectory: TestFixtures.root)
            #expect(scorer is any CorpusScorer, "\(type)")
            #expect(scorer.name == type)
            #expect(scorer.scoreScale == ScoreScale(kind: .continuous, range: 0...1))
            let scoped = try ScorerRegistry.standard.makeScorer(
                scorerSpec(["type": .string(type), "only_tags": .string("translation")]), evalSetDirectory: TestFixtures.root)
            #expect(scoped is any CorpusScorer, "\(type) with only_tags")
        }
    }

    @Test("an unknown type is an error at the entry that lists the known types")
    func unknownType() {
        let error = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(scorerSpec(["type": .string("rouge-l")], line: 9), evalSetDirectory: TestFixtures.root)
        }
        #expect(error?.file == "sets/demo/evalset.yaml")
        #expect(error?.line == 9)
        let known = ScorerRegistry.standard.knownTypes.joined(separator: ", ")
        #expect(error?.message == "unknown scorer type 'rouge-l' (expected one of: \(known))")
    }

    @Test("a registered type can be built and is listed among the known types")
    func registerType() throws {
        var registry = ScorerRegistry.standard
        registry.register("always") { spec, _ throws(InputProblem) in ExactMatchScorer(name: "always:\(spec.line)", threshold: 0) }
        #expect(registry.knownTypes == (ScorerRegistry.standard.knownTypes + ["always"]).sorted())
        let scorer = try registry.makeScorer(scorerSpec(["type": .string("always")], line: 3), evalSetDirectory: TestFixtures.root)
        #expect(scorer.name == "always:3")
        #expect(ScorerRegistry.standard.knownTypes.contains("always") == false)
    }

    @Test("the scorer is named after its type unless the entry gives a name")
    func names() throws {
        let registry = ScorerRegistry.standard
        let plain = try registry.makeScorer(scorerSpec(["type": .string("exact")]), evalSetDirectory: TestFixtures.root)
        let named = try registry.makeScorer(scorerSpec(["type": .string("exact"), "name": .string("strict")]), evalSetDirectory: TestFixtures.root)
        #expect(plain.name == "exact")
        #expect(named.name == "strict")
    }

    @Test("normalize must be a list of known step names")
    func normalizeOption() {
        let notAList = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(
                scorerSpec(["type": .string("exact"), "normalize": .string("trim")]), evalSetDirectory: TestFixtures.root)
        }
        #expect(notAList?.message.contains("'normalize' must be a list") == true)
        let unknownStep = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(
                scorerSpec(["type": .string("contains"), "normalize": .array([.string("trim"), .string("stem")])]), evalSetDirectory: TestFixtures.root)
        }
        #expect(unknownStep?.message.contains("unknown normalization 'stem'") == true)
    }

    @Test("an option the type does not have is rejected, naming the options it does have")
    func unknownOption() {
        let error = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(
                scorerSpec(["type": .string("exact"), "pattern": .string("x")]), evalSetDirectory: TestFixtures.root)
        }
        #expect(error?.message == "scorer 'exact': unknown option 'pattern' (expected: expected_var, name, negate, normalize, only_tags, threshold, type, value)")
    }

    @Test("a string option given as another JSON type is rejected")
    func wrongOptionType() {
        let error = #expect(throws: InputProblem.self) {
            try ScorerRegistry.standard.makeScorer(
                scorerSpec(["type": .string("contains"), "value": .number(5)]), evalSetDirectory: TestFixtures.root)
        }
        #expect(error?.message == "scorer 'contains': 'value' must be a string or a list of strings")
    }
}
