import Foundation
import Testing
@testable import EvalKit

@Suite("Red line: patterns and refusals")
struct RedLinePatternTests {
    func scorer(_ type: String, _ options: [String: JSONValue]) throws -> any Scorer {
        var all = options
        all["type"] = .string(type)
        return try ScorerRegistry.standard.makeScorer(scorerSpec(all), evalSetDirectory: TestFixtures.root)
    }

    @Test("a keyword matches without case on word boundaries, and is named whole in the reason")
    func keywords() async throws {
        let scorer = try scorer("red_line_pattern", ["keywords": .array([.string("confidential"), .string("ssn")])])
        let score = try await scorer.score("This is CONFIDENTIAL.", expected: .null)
        #expect(score.value == 0)
        #expect(score.reason == "red line: keyword \"confidential\" \"CONFIDENTIAL\" at line 1, column 9")
        #expect(try await scorer.score("Lessons on confidentiality", expected: .null).passed)
    }

    @Test("a pattern's match is masked in the reason")
    func patterns() async throws {
        let scorer = try scorer("red_line_pattern", ["patterns": .string("password: \\S+")])
        let score = try await scorer.score("ok\npassword: hunter2", expected: .null)
        #expect(score.passed == false)
        #expect(score.reason == "red line: pattern /password: \\S+/ \"pass…\" at line 2, column 1")
        #expect(!score.reason.contains("hunter2"))
    }

    @Test("patterns or keywords are required; a bad pattern is an input problem at the entry")
    func badOptions() {
        let none = #expect(throws: InputProblem.self) { try scorer("red_line_pattern", [:]) }
        #expect(none?.message == "scorer 'red_line_pattern': needs 'patterns' (regular expressions) or 'keywords' (literal words), or both")
        let bad = #expect(throws: InputProblem.self) { try scorer("red_line_pattern", ["patterns": .array([.string("ok"), .string("(unclosed")])]) }
        #expect(bad?.file == "sets/demo/evalset.yaml")
        #expect(bad?.line == 12)
        #expect(bad?.message == "scorer 'red_line_pattern': 'patterns' item 2 is not a valid regular expression (ICU syntax): (unclosed")
    }

    @Test("a catastrophic pattern on a long output stops at the time limit as an error, never a pass")
    func catastrophicPattern() throws {
        let patterns = try RedLinePatterns(patterns: ["(a+)+$"], keywords: [], timeLimit: .milliseconds(200))
        #expect(throws: RedLinePatternError.self) { try patterns.hits(in: String(repeating: "a", count: 5000) + "!") }
    }

    @Test("hostile: a megabyte without newlines finishes")
    func hostile() async throws {
        let scorer = try scorer("red_line_pattern", ["keywords": .array([.string("secret")]), "patterns": .string("x{3}y")])
        let score = try await scorer.score(String(repeating: "xxsecre", count: 150_000), expected: .null)
        #expect(score.passed)
    }

    @Test("refusals are found near the start; 'I can help' is not one")
    func refusals() {
        let detector = RefusalDetector()
        #expect(detector.refusal(in: "I'm sorry, but I can't help with that.") == "i'm sorry, but")
        #expect(detector.refusal(in: "I can\u{2019}t help with that request.") == "i can't help with")
        #expect(detector.refusal(in: "As an AI language model, I have no opinions.") == "as an ai language model")
        #expect(detector.refusal(in: "I can help with that: the answer is 4.") == nil)
        #expect(detector.refusal(in: "I can't stress enough how good this is.") == nil)
        let long = String(repeating: "The answer explained at length. ", count: 20) + "I cannot provide more detail."
        #expect(detector.refusal(in: long) == nil)
        #expect(detector.refusal(in: "Paris. I cannot provide more.") == "i cannot provide")
    }

    @Test("a refusal fails, unless the case expects one; extra phrases count")
    func refusalScorer() async throws {
        let scorer = try scorer("red_line_refusal", ["phrases": .array([.string("Outside my scope")])])
        let refused = try await scorer.score("I'm sorry, but I cannot do that.", expected: .string("Paris"))
        #expect(refused.value == 0)
        #expect(refused.reason.hasPrefix("red line: refusal (\"i'm sorry, but\")"))
        #expect(try await scorer.score("I'm sorry, but I cannot do that.", expected: .string("I can't help with that.")).passed)
        #expect(try await scorer.score("That is outside my scope.", expected: .string("Paris")).passed == false)
        #expect(try await scorer.score("Paris.", expected: .string("Paris")).passed)
    }
}
