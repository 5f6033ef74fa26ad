import Testing
@testable import EvalKit

/// Expected figures are sacreBLEU 2.6.0's for the same calls (`BLEU(...).corpus_score` / `.sentence_score`).
@Suite("BLEU scores")
struct BLEUScoreTests {
    private let sentence = "the cat sat on a mat"
    private let reference = "the cat is on the mat"

    @Test("an identical hypothesis scores 100 and an empty one 0 with brevity penalty 0")
    func extremes() {
        let perfect = BLEU().corpusScore(hypotheses: ["the cat sat on the mat"], references: [["the cat sat on the mat"]])
        #expect(perfect.description == "BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)")
        let empty = BLEU().corpusScore(hypotheses: [""], references: [["the cat"]])
        #expect(empty.score == 0)
        #expect(empty.bp == 0)
        #expect(empty.description == "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 2)")
    }

    @Test("sentence BLEU uses effective order; corpus BLEU of a two-word corpus is 0")
    func effectiveOrder() {
        let bleu = BLEU()
        #expect(bleu.sentenceScore(hypothesis: "a b", references: ["a b"]).description
                    == "BLEU = 100.00 100.0/100.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 2 ref_len = 2)")
        #expect(bleu.corpusScore(hypotheses: ["a b"], references: [["a b"]]).description
                    == "BLEU = 0.00 100.0/100.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 2 ref_len = 2)")
    }

    @Test("each smoothing method treats orders without matches as sacreBLEU does", arguments: [
        (BLEUSmoothing.exp, 19.304869754804482, "66.7/20.0/12.5/8.3"),
        (.floor(0.1), 10.266900960803408, "66.7/20.0/2.5/3.3"),
        (.addK(1), 32.46679154750989, "66.7/33.3/20.0/25.0"),
        (.none, 0, "66.7/20.0/0.0/0.0"),
        (.floor(0.3), 17.782794100389236, "66.7/20.0/7.5/10.0"),
        (.addK(2), 44.17918226831576, "66.7/42.9/33.3/40.0"),
    ])
    func smoothing(_ smoothing: BLEUSmoothing, expected: Double, precisions: String) {
        let score = BLEU(smoothing: smoothing).sentenceScore(hypothesis: sentence, references: [reference])
        #expect(abs(score.score - expected) < 1e-9)
        #expect(score.description.contains(" \(precisions) "))
    }

    @Test("several references: counts clip to the most in any one reference, length is the closest (shorter on a tie)")
    func multipleReferences() {
        let bleu = BLEU()
        let clipped = bleu.sentenceScore(hypothesis: "the the the the", references: ["the cat", "the the cat"])
        #expect(abs(clipped.score - 31.947155212313625) < 1e-9)
        #expect(clipped.counts[0] == 2)
        #expect(clipped.refLen == 3)
        #expect(bleu.sentenceScore(hypothesis: "one two three", references: ["one two", "one two three four", "x"]).refLen == 2)
        #expect(bleu.sentenceScore(hypothesis: "a b c d e", references: ["a b c", "a b c d e f g"]).refLen == 3)
        #expect(BLEUStatistics.closestLength(to: 5, among: []) == 0)
    }

    @Test("corpus BLEU sums statistics over segments, references given per stream or per segment")
    func corpus() {
        let hypotheses = ["The cat sat on the mat.", "Hello, world 3.5!"]
        let streams = [["The cat is on the mat.", "Hello world 3.5 !"], ["A cat sat on the mat.", "Hello, world!"]]
        let byStream = BLEU().corpusScore(hypotheses: hypotheses, references: streams)
        #expect(abs(byStream.score - 78.25422900366438) < 1e-9)
        let bySegment = BLEU().corpusScore(hypotheses: hypotheses, referencesBySegment: [[streams[0][0], streams[1][0]], [streams[0][1], streams[1][1]]])
        #expect(bySegment == byStream)
        let variable = BLEU().corpusScore(hypotheses: hypotheses, referencesBySegment: [[streams[0][0], streams[1][0]], [streams[0][1]]])
        #expect(variable.description == "BLEU = 69.19 91.7/80.0/62.5/50.0 (BP = 1.000 ratio = 1.091 hyp_len = 12 ref_len = 11)")
    }

    @Test("lowercase applies Python's lower(), final sigma included, before tokenizing")
    func lowercase() {
        let score = BLEU(tokenizer: .char, lowercase: true).corpusScore(hypotheses: ["ΟΔΟΣ"], references: [["οδος"]])
        #expect(score.score > 99.99)
        #expect(BLEU(tokenizer: .char).corpusScore(hypotheses: ["ΟΔΟΣ"], references: [["οδος"]]).score == 0)
    }

    @Test("the JSON form has the score's figures unrounded and the signature")
    func json() {
        let score = BLEU().sentenceScore(hypothesis: sentence, references: [reference])
        #expect(score.json(signature: "nrefs:1") == #"{"score": 19.304869754804482, "precisions": [66.66666666666667, 20.0, 12.5, 8.333333333333334], "bp": 1.0, "sys_len": 6, "ref_len": 6, "signature": "nrefs:1"}"#)
    }
}
