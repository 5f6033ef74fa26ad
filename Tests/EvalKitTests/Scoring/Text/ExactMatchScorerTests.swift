import Testing
@testable import EvalKit

@Suite("Exact match scorer")
struct ExactMatchScorerTests {
    @Test("without normalization only identical text matches")
    func noNormalization() async throws {
        let scorer = ExactMatchScorer()
        #expect(try await scorer.score("Paris", expected: .string("Paris")).value == 1)
        for output in [" Paris", "paris", "Paris.", "Paris\n"] {
            #expect(try await scorer.score(output, expected: .string("Paris")).value == 0, "\(output.debugDescription) must not match")
        }
    }

    @Test("trim removes surrounding spaces and newlines only")
    func trim() async throws {
        let scorer = ExactMatchScorer(normalization: [.trim])
        #expect(try await scorer.score("  Paris\n\t", expected: .string("Paris")).passed)
        #expect(try await !scorer.score("Pa ris", expected: .string("Paris")).passed)
        #expect(try await !scorer.score("paris", expected: .string("Paris")).passed)
    }

    @Test("casefold ignores letter case, including non-ASCII letters")
    func casefold() async throws {
        let scorer = ExactMatchScorer(normalization: [.casefold])
        #expect(try await scorer.score("PARIS", expected: .string("Paris")).passed)
        #expect(try await scorer.score("ZÜRICH", expected: .string("Zürich")).passed)
        #expect(try await !scorer.score(" paris", expected: .string("Paris")).passed)
    }

    @Test("collapse_whitespace treats any run of spaces, tabs and newlines as one space")
    func collapseWhitespace() async throws {
        let scorer = ExactMatchScorer(normalization: [.collapseWhitespace])
        #expect(try await scorer.score("New   York", expected: .string("New York")).passed)
        #expect(try await scorer.score("New\t\nYork", expected: .string("New York")).passed)
        #expect(try await !scorer.score("NewYork", expected: .string("New York")).passed)
    }

    @Test("strip_punctuation drops punctuation and symbols but keeps letters, digits and spaces")
    func stripPunctuation() async throws {
        let scorer = ExactMatchScorer(normalization: [.stripPunctuation])
        #expect(try await scorer.score("Paris.", expected: .string("Paris")).passed)
        #expect(try await scorer.score("¡\"Paris!\"", expected: .string("Paris")).passed)
        #expect(try await !scorer.score("Paris .", expected: .string("Paris")).passed)
        #expect(try await !scorer.score("Lyon.", expected: .string("Paris")).passed)
    }

    @Test("strip_punctuation keeps signs and separators that are part of a number")
    func stripPunctuationKeepsNumbers() async throws {
        let scorer = ExactMatchScorer(normalization: [.stripPunctuation, .trim])
        #expect(try await !scorer.score("-7", expected: .string("7")).passed)
        #expect(try await !scorer.score("3.5", expected: .string("35")).passed)
        #expect(try await scorer.score("-7.", expected: .string("-7")).passed)
        #expect(try await scorer.score("12.", expected: .number(12)).passed)
        #expect(try await scorer.score("1,000!", expected: .string("1,000")).passed)
        #expect(TextNormalization.apply([.stripPunctuation], to: "well-known, e.g. 2-3") == "wellknown eg 23")
    }

    @Test("normalizations combine in a fixed order whatever order they are listed in")
    func combinations() async throws {
        let trimAndStrip = ExactMatchScorer(normalization: [.trim, .stripPunctuation])
        #expect(try await trimAndStrip.score("Paris .", expected: .string("Paris")).passed)
        let all = ExactMatchScorer(normalization: Set(TextNormalization.allCases))
        #expect(try await all.score("  NEW   york. ", expected: .string("New York")).passed)
        #expect(try await !all.score("The answer is New York.", expected: .string("New York")).passed)
        let caseAndSpace = ExactMatchScorer(normalization: [.casefold, .collapseWhitespace])
        #expect(try await !caseAndSpace.score("new york.", expected: .string("New York")).passed)
    }

    @Test("the expected answer is normalized the same way as the output")
    func expectedIsNormalized() async throws {
        let scorer = ExactMatchScorer(normalization: [.casefold, .stripPunctuation])
        #expect(try await scorer.score("paris", expected: .string("PARIS!")).passed)
    }

    @Test("a list of expected answers matches when any one of them does")
    func listExpected() async throws {
        let scorer = ExactMatchScorer(normalization: [.trim])
        let expected: JSONValue = .array([.string("Amsterdam"), .string("Amsterdam, Netherlands")])
        #expect(try await scorer.score("Amsterdam, Netherlands ", expected: expected).passed)
        #expect(try await scorer.score("Amsterdam", expected: expected).passed)
        let miss = try await scorer.score("Netherlands", expected: expected)
        #expect(!miss.passed)
        #expect(miss.reason == #"expected "Amsterdam", got "Netherlands""#)
    }

    @Test("a number, boolean or null expected compares as its JSON text")
    func nonStringExpected() async throws {
        let scorer = ExactMatchScorer(normalization: [.trim])
        #expect(try await scorer.score("12", expected: .number(12)).passed)
        #expect(try await scorer.score(" 12\n", expected: .number(12)).passed)
        #expect(try await !scorer.score("12.0", expected: .number(12)).passed)
        #expect(try await scorer.score("2.5", expected: .number(2.5)).passed)
        #expect(try await scorer.score("true", expected: .bool(true)).passed)
        #expect(try await scorer.score("", expected: .null).passed)
        #expect(try await scorer.score("144", expected: .array([.number(12), .number(144)])).passed)
    }

    @Test("casefold lowercases as Python's str.lower(): Σ at the end of a word becomes ς, İ becomes i and a dot above")
    func casefoldIsPythonLower() async throws {
        let scorer = ExactMatchScorer(normalization: [.casefold])
        #expect(try await scorer.score("ΟΔΟΣ", expected: .string("οδος")).passed)
        #expect(try await !scorer.score("ΟΔΟΣ", expected: .string("οδοσ")).passed)
        #expect(try await scorer.score("ΣΑΣ", expected: .string("σας")).passed)
        #expect(TextNormalization.apply([.casefold], to: "İ").unicodeScalars.map(\.value) == [0x69, 0x307])
        #expect(TextNormalization.apply([.casefold], to: "Σ") == "σ", "a lone capital sigma is not at the end of a word")
        #expect(try await !scorer.score("STRASSE", expected: .string("straße")).passed, "lowercasing is not case folding")
    }

    @Test("value replaces the expected answer, one string or a list of any")
    func fixedValue() async throws {
        let scorer = try ScorerRegistry.standard.makeScorer(
            scorerSpec(["type": .string("exact"), "value": .array([.string("Yes"), .string("Yarr")]), "normalize": .array([.string("trim")])]),
            evalSetDirectory: TestFixtures.root)
        #expect(try await scorer.score(" Yarr\n", expected: .string("No")).passed)
        #expect(try await !scorer.score("No", expected: .string("No")).passed)
    }

    @Test("the reason says what matched or shows expected and output")
    func reasons() async throws {
        let scorer = ExactMatchScorer(name: "strict")
        let pass = try await scorer.score("Paris", expected: .string("Paris"))
        #expect(pass.scorer == "strict")
        #expect(pass.reason == "matches expected")
        let fail = try await scorer.score("Lyon\n", expected: .string("Paris"))
        #expect(fail.reason == #"expected "Paris", got "Lyon\n""#)
    }
}
