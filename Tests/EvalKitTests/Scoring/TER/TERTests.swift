import Testing
@testable import EvalKit

/// TER's figures on small inputs, with the values sacreBLEU 2.6.0 gives for them.
@Suite("TER")
struct TERTests {
    @Test("sentence TER is sacreBLEU's: a substitution, a shift of a block of words", arguments: [
        ("the cat sat on the mat", "the cat is on the mat", 16.666666666666664),
        ("on the mat the cat sat", "the cat sat on the mat", 16.666666666666664),
        ("The Cat", "the cat", 0),
    ])
    func sentenceScores(hypothesis: String, reference: String, expected: Double) {
        let score = TER().sentenceScore(hypothesis: hypothesis, references: [reference])
        #expect(score.score == expected)
    }

    @Test("an empty reference scores 100 against words and 0 against nothing")
    func emptyReferences() {
        let againstWords = TER().sentenceScore(hypothesis: "A b c", references: [""])
        #expect(againstWords.score == 100)
        #expect(againstWords.edits == 3)
        #expect(againstWords.referenceLength == 0)
        #expect(TER().sentenceScore(hypothesis: "", references: [""]).score == 0)
        #expect(TER().sentenceScore(hypothesis: "x", references: []) == TER().sentenceScore(hypothesis: "x", references: [""]))
    }

    @Test("with several references the fewest edits count, over the references' average length")
    func severalReferences() {
        let score = TER().sentenceScore(hypothesis: "the cat", references: ["the cat sat", "a cat"])
        #expect(score.edits == 1)
        #expect(score.referenceLength == 2.5)
        #expect(score.score == 40)
        #expect(score.description == "TER = 40.00")
    }

    @Test("corpus TER is total edits over total reference length, not a mean of sentence scores")
    func corpusScore() {
        let score = TER().corpusScore(hypotheses: ["the cat sat on the mat", "", "hello there"],
                                      references: [["the cat is on the mat", "x y", "hello there"]])
        #expect(score.score == 30)
        #expect(score.edits == 3)
        #expect(score.referenceLength == 10)
        #expect(score.json(signature: "s") == #"{"name": "TER", "score": 30.0, "num_edits": 3, "ref_length": 10.0, "signature": "s"}"#)
    }

    @Test("case_sensitive, normalized, no_punct and asian_support change the words as sacreBLEU's tokenizer does")
    func tokenizer() {
        #expect(TercomTokenizer(normalized: true).words(#"He said &quot;it's 3.5, 4-5 ok.&quot; (yes)"#)
                    == ["he", "said", "\"", "it", "'s", "3.5", ",", "4", "-", "5", "ok", ".", "\"", "(", "yes", ")"])
        #expect(TercomTokenizer(normalized: true, asianSupport: true).words("東京は「晴れ」です。ｶﾀｶﾅ、ＡＢ")
                    == ["東", "京", "は", "「", "晴", "れ", "」", "です", "。", "ｶﾀｶﾅ", "、", "ａｂ"])
        #expect(TercomTokenizer(noPunct: true, asianSupport: true).words("東京は「晴れ」です。Hi, (you)!") == ["東京は晴れですhi", "you"])
        #expect(TercomTokenizer(caseSensitive: true).words("Hello  World ") == ["Hello", "World"])
        let strict = TER(normalized: true, noPunct: true, asianSupport: true, caseSensitive: true)
        #expect(strict.sentenceScore(hypothesis: "Hello, World!", references: ["hello world"]).score == 100)
    }

    @Test("a reference is tokenized twice, as sacreBLEU does: a possessive after U+0085 splits off only the second time")
    func referencesTokenizedTwice() {
        let tokenizer = TercomTokenizer(normalized: true)
        #expect(tokenizer.words("it's\u{85}x") == ["it's", "x"])
        let words = TER(normalized: true).words(hypothesis: "it's\u{85}x", references: ["it's\u{85}x"])
        #expect(words.hypothesis == [0, 1])
        #expect(words.references == [[2, 3, 1]])
        #expect(TER(normalized: true).sentenceScore(hypothesis: "it's\u{85}x", references: ["it's\u{85}x"]).score == 66.66666666666666)
    }

    @Test("the signature is sacreBLEU's; punct:yes means punctuation is kept")
    func signatures() {
        #expect(TER().signature(referenceCount: 1) == "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0")
        #expect(TER(normalized: true, noPunct: true, asianSupport: true, caseSensitive: true).signature(referenceCount: nil)
                    == "nrefs:var|case:mixed|tok:tercom|norm:yes|punct:no|asian:yes|version:2.6.0")
    }

    @Test("a shifted hypothesis's distance from the prepared rows equals the distance computed afresh", arguments: [1, 2, 3, 4, 5])
    func distanceFromPreparedRows(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var checked = 0
        for _ in 0..<40 {
            let reference = (0..<(1 + random.below(60))).map { _ in Int32(random.below(5)) }
            let hypothesis = (0..<(1 + random.below(80))).map { _ in Int32(random.below(5)) }
            var prepared = BeamEditDistance(reference: reference, hypothesisLength: hypothesis.count)
            _ = prepared.prepare(hypothesis)
            var scratch = BeamEditDistance.Scratch()
            for _ in 0..<10 {
                let length = 1 + random.below(min(10, hypothesis.count))
                let start = random.below(hypothesis.count - length + 1)
                let shifted = TranslationEditRate.perform(hypothesis, start: start, length: length, target: random.below(hypothesis.count + 1))
                #expect(shifted.count == hypothesis.count)
                var fresh = BeamEditDistance(reference: reference, hypothesisLength: shifted.count)
                #expect(prepared.distance(shifted, scratch: &scratch) == fresh.prepare(shifted).distance)
                checked += 1
            }
        }
        #expect(checked == 400)
    }

    @Test("a shift moves the block before the target, as sacreBLEU's _perform_shift", arguments: [
        (0, 2, 5, [2, 3, 4, 0, 1, 5]),
        (3, 2, 1, [0, 3, 4, 1, 2, 5]),
        (2, 3, 4, [0, 1, 5, 2, 3, 4]),
        (1, 1, 1, [0, 1, 2, 3, 4, 5]),
    ])
    func performShift(start: Int, length: Int, target: Int, expected: [Int32]) {
        #expect(TranslationEditRate.perform([0, 1, 2, 3, 4, 5], start: start, length: length, target: target) == expected)
    }
}
