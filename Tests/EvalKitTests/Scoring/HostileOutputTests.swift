import Testing
@testable import EvalKit

/// Model output is arbitrary text; no scorer may crash, hang or produce an unbounded reason on it.
@Suite("Scorers on hostile outputs")
struct HostileOutputTests {
    struct Output: Sendable, CustomTestStringConvertible {
        let label: String
        let text: String
        var testDescription: String { label }
    }

    static let outputs: [Output] = [
        Output(label: "NUL bytes", text: "Par\u{0}is\u{0}\u{0}"),
        Output(label: "1 MB of one letter", text: String(repeating: "a", count: 1_000_000)),
        Output(label: "1 MB of punctuation and spaces", text: String(repeating: ".! \t", count: 250_000)),
        Output(label: "1 MB of combining marks", text: "e" + String(repeating: "\u{301}", count: 500_000)),
        Output(label: "invalid UTF-8 repaired to replacement characters",
               text: String(decoding: [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80], as: UTF8.self)),
        Output(label: "noncharacters, bidi overrides and zero-width joiners",
               text: "\u{FFFF}\u{FFFE}\u{202E}siraP\u{202C}\u{200D}\u{FEFF}👩‍👩‍👧‍👦"),
        Output(label: "ANSI escape sequences", text: "\u{1B}[31;1mParis\u{1B}[0m\u{1B}]0;title\u{07}\u{1B}[2J"),
        Output(label: "C0 and C1 control characters", text: (0..<32).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{85}\u{9B}"),
    ]

    static func scorers() throws -> [any Scorer] {
        [
            ExactMatchScorer(),
            ExactMatchScorer(normalization: Set(TextNormalization.allCases)),
            ContainsScorer(),
            ContainsScorer(needle: "Paris", normalization: Set(TextNormalization.allCases)),
            try RegexScorer(pattern: #"^\p{L}+$"#),
            try RegexScorer(pattern: "paris", ignoreCase: true),
            try redLine(["type": .string("red_line_pattern"), "keywords": .string("paris"), "patterns": .string("secret-\\d+")]),
            try redLine(["type": .string("red_line_pii")]),
            try redLine(["type": .string("red_line_refusal")]),
        ]
    }

    static func redLine(_ options: [String: JSONValue]) throws -> any Scorer {
        try ScorerRegistry.standard.makeScorer(scorerSpec(options), evalSetDirectory: TestFixtures.root)
    }

    @Test("every scorer gives a 0 or 1 score with a short reason", arguments: outputs)
    func scoresWithoutCrashing(output: Output) async throws {
        for scorer in try Self.scorers() {
            let score = try await scorer.score(output.text, expected: .string("Paris"))
            #expect(score.value == 0 || score.value == 1, "\(scorer.name): \(score.value)")
            #expect(score.reason.count < 1_000, "\(scorer.name) reason is \(score.reason.count) characters")
        }
    }

    @Test("an output identical to a hostile expected answer is an exact match", arguments: outputs)
    func identicalHostileTextMatches(output: Output) async throws {
        #expect(try await ExactMatchScorer().score(output.text, expected: .string(output.text)).passed)
        #expect(try await ContainsScorer().score("<<" + output.text + ">>", expected: .string(output.text)).passed)
    }

    @Test("NUL bytes are content: an output with them does not equal the text without them")
    func nulBytesAreContent() async throws {
        #expect(try await !ExactMatchScorer(normalization: Set(TextNormalization.allCases)).score("Par\u{0}is", expected: .string("Paris")).passed)
    }
}
