import Testing
@testable import EvalKit

@Suite("Corpus BLEU added up one segment at a time")
struct BLEUCorpusAccumulationTests {
    static let segments: [(hypothesis: String, references: [String])] = [
        ("The cat sat on the mat.", ["The cat sat on the mat.", "A cat was sitting on the mat."]),
        ("the the the the", ["the cat"]),
        ("", ["nothing to match"]),
        ("A quick brown fox, jumping over 3.5 lazy dogs!", ["The quick brown fox jumps over the lazy dog."]),
        ("no reference", []),
        ("Ünïcode wörds and “quotes”", ["Unicode words and \"quotes\""]),
    ]

    /// Corpus BLEU as the one-pass definition has it: every segment's statistics with one word table for the whole corpus.
    static func sharedTableScore(_ bleu: BLEU) -> BLEUScore {
        var words = WordIDs(), total = BLEUStatistics()
        func ids(_ text: String) -> [Int32] { words.ids(of: bleu.words(text).map { ArraySlice($0.unicodeScalars) }) }
        for segment in segments {
            let references = segment.references.map(ids)
            total += BLEUStatistics(hypothesis: ids(segment.hypothesis), references: references)
        }
        return BLEUScore(statistics: total, smoothing: bleu.smoothing, effectiveOrder: false)
    }

    @Test("the accumulated score is bit for bit the score over the whole corpus, for each tokenizer and smoothing",
          arguments: [BLEU(), BLEU(tokenizer: .intl, smoothing: .floor(0.1), lowercase: true), BLEU(tokenizer: .char, smoothing: .none)])
    func accumulatedEqualsWhole(bleu: BLEU) {
        var corpus = BLEU.Corpus(bleu: bleu)
        for segment in Self.segments { corpus.add(hypothesis: segment.hypothesis, references: segment.references) }
        let whole = Self.sharedTableScore(bleu)
        #expect(corpus.score.score.bitPattern == whole.score.bitPattern)
        #expect(corpus.score.description == whole.description)
        let batch = bleu.corpusScore(hypotheses: Self.segments.map(\.hypothesis), referencesBySegment: Self.segments.map(\.references))
        #expect(batch.score.bitPattern == whole.score.bitPattern)
        #expect(whole.score > 0 && whole.score < 100)
    }

    @Test("the scorer's accumulator gives its corpus score over the same inputs")
    func scorerAccumulator() {
        let scorer = BLEUScorer()
        let inputs = Self.segments.filter { !$0.references.isEmpty }.enumerated().map { index, segment in
            ScoringInput(evalCase: EvalCase(id: "c\(index)", vars: [:], expected: .array(segment.references.map(JSONValue.string))),
                         output: segment.hypothesis)
        }
        var accumulator = scorer.corpusAccumulator()
        for input in inputs { accumulator.add(input) }
        let expected = BLEU().corpusScore(hypotheses: inputs.map(\.output), referencesBySegment: inputs.map(\.evalCase.expectedTexts)).score
        #expect(accumulator.score.bitPattern == expected.bitPattern)
        #expect(scorer.corpusScore(inputs).bitPattern == expected.bitPattern)
    }
}
