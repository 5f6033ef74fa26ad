import Testing
@testable import EvalKit

/// chrF's figures on small inputs, with the values sacreBLEU 2.6.0 gives for them (`CHRF(...).sentence_score`,
/// `corpus_score`, `repr(score.score)`).
@Suite("chrF")
struct ChrFTests {
    @Test("sentence chrF and chrF++ are sacreBLEU's doubles, named chrF2 and chrF2++", arguments: [
        (ChrF(), "The cat sat on the mat.", ["The cat is on the mat."], 67.17273492330233, "chrF2 = 67.17"),
        (ChrF(wordOrder: 2), "The cat sat on the mat.", ["The cat is on the mat."], 69.43695278069349, "chrF2++ = 69.44"),
        (ChrF(), "ab", ["abc"], 63.636363636363626, "chrF2 = 63.64"),
        (ChrF(epsSmoothing: true), "ab", ["abc"], 21.16402116402116, "chrF2 = 21.16"),
        (ChrF(lowercase: true, whitespace: true), "THE  Cat", ["the cat"], 53.09830814717477, "chrF2 = 53.10"),
        (ChrF(), "the the the", ["the cat", "the the cat"], 52.070105820105816, "chrF2 = 52.07"),
    ])
    func sentenceScores(chrF: ChrF, hypothesis: String, references: [String], expected: Double, text: String) {
        let score = chrF.sentenceScore(hypothesis: hypothesis, references: references)
        #expect(score.score == expected)
        #expect(score.description == text)
    }

    @Test("empty sides score 0; with eps smoothing, two empty texts score a trace above 0 as in sacreBLEU")
    func emptySegments() {
        #expect(ChrF().sentenceScore(hypothesis: "", references: ["abc"]).score == 0)
        #expect(ChrF().sentenceScore(hypothesis: "abc", references: [""]).score == 0)
        #expect(ChrF().sentenceScore(hypothesis: "", references: [""]).score == 0)
        #expect(ChrF(epsSmoothing: true).sentenceScore(hypothesis: "", references: [""]).score == 1.0000000000000002e-14)
    }

    @Test("no reference at all counts as one empty reference")
    func noReference() {
        #expect(ChrF().sentenceScore(hypothesis: "abc", references: []) == ChrF().sentenceScore(hypothesis: "abc", references: [""]))
    }

    @Test("corpus chrF sums the segments' statistics, and adding segments one at a time gives the same double")
    func corpusScore() {
        let hypotheses = ["the cat sat on the mat", "", "hello there"]
        let references = [["the cat is on the mat", "x y", "hello there"]]
        let corpus = ChrF().corpusScore(hypotheses: hypotheses, references: references)
        #expect(corpus.score == 75.14198763156247)
        var accumulated = ChrF.Corpus(chrF: ChrF())
        for (hypothesis, reference) in zip(hypotheses, references[0]) { accumulated.add(hypothesis: hypothesis, references: [reference]) }
        #expect(accumulated.score == corpus)
        let meanOfSentences = zip(hypotheses, references[0]).map { ChrF().sentenceScore(hypothesis: $0, references: [$1]).score }.reduce(0, +) / 3
        #expect(corpus.score != meanOfSentences)
    }

    @Test("the signature is sacreBLEU's, eff:yes unless eps smoothing")
    func signatures() {
        #expect(ChrF().signature(referenceCount: 1) == "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0")
        #expect(ChrF(charOrder: 4, wordOrder: 2, beta: 3, lowercase: true, whitespace: true, epsSmoothing: true).signature(referenceCount: nil)
                    == "nrefs:var|case:lc|eff:no|nc:4|nw:2|space:yes|version:2.6.0")
        #expect(ChrF(wordOrder: 1, beta: 1).name == "chrF1+")
    }

    @Test("chrF++ words lose one ASCII punctuation mark at their end, or else their start, as sacreBLEU's (hi) → (hi )")
    func wordPunctuation() {
        let words = ChrFSegment.separatingPunctuation(Array("(hi) a. .b , don't!".unicodeScalars)).map { String(String.UnicodeScalarView($0)) }
        #expect(words == ["(hi", ")", "a", ".", ".", "b", ",", "don't", "!"])
    }

    @Test("code points are compared, not grapheme clusters: a decomposed é does not match a precomposed one")
    func codePoints() {
        let composed = ChrF().sentenceScore(hypothesis: "caf\u{E9}", references: ["caf\u{E9}"]).score
        let decomposed = ChrF().sentenceScore(hypothesis: "cafe\u{301}", references: ["caf\u{E9}"]).score
        #expect(composed == 100)
        #expect(decomposed < 100)
    }

    @Test("orders and beta out of range are named", arguments: [
        (-1, 0, 2, "the character order must be a whole number in 0…32, not -1"),
        (6, 33, 2, "the word order must be a whole number in 0…32, not 33"),
        (0, 0, 2, "the character and word orders cannot both be 0"),
        (6, 0, -1, "beta must be a whole number in 0…1000, not -1"),
        (6, 0, 4_000_000_000, "beta must be a whole number in 0…1000, not 4000000000"),
    ])
    func problems(charOrder: Int, wordOrder: Int, beta: Int, message: String) {
        #expect(ChrF.problem(charOrder: charOrder, wordOrder: wordOrder, beta: beta) == message)
        #expect(ChrF.problem(charOrder: 6, wordOrder: 2, beta: 2) == nil)
    }
}
