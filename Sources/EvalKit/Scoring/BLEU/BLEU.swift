import Foundation

/// BLEU as sacreBLEU 2.x computes it: same tokenizers, smoothing, brevity penalty and effective order,
/// so scores agree with sacreBLEU's to the printed precision.
///
/// Corpus BLEU is the figure to report for a test set; sentence BLEU (always with effective order, as
/// sacreBLEU's `sentence_bleu`) scores one output, e.g. per eval case.
///
/// ```swift
/// let bleu = BLEU(tokenizer: .thirteenA, smoothing: .exp, lowercase: false)
/// // references[stream][segment], as sacreBLEU's API: here two reference translations per segment.
/// let corpus = bleu.corpusScore(hypotheses: ["The cat sat."], references: [["The cat sat."], ["A cat sat."]])
/// let sentence = bleu.sentenceScore(hypothesis: "The cat sat.", references: ["The cat sat down."])
/// print(corpus, bleu.signature(referenceCount: 2, effectiveOrder: false))
/// ```
public struct BLEU: Sendable, Hashable {
    public let tokenizer: BLEUTokenizer
    public let smoothing: BLEUSmoothing
    public let lowercase: Bool

    public init(tokenizer: BLEUTokenizer = .thirteenA, smoothing: BLEUSmoothing = .exp, lowercase: Bool = false) {
        self.tokenizer = tokenizer
        self.smoothing = smoothing
        self.lowercase = lowercase
    }

    /// Corpus BLEU with references as sacreBLEU takes them: `references[stream][segment]`, one stream per
    /// reference translation, each as long as `hypotheses`.
    public func corpusScore(hypotheses: [String], references: [[String]]) -> BLEUScore {
        for stream in references {
            precondition(stream.count == hypotheses.count,
                         "BLEU: a reference stream has \(stream.count) segments for \(hypotheses.count) hypotheses")
        }
        let bySegment = hypotheses.indices.map { segment in references.map { $0[segment] } }
        return corpusScore(hypotheses: hypotheses, referencesBySegment: bySegment)
    }

    /// Corpus BLEU with each segment's own references: `referencesBySegment[segment]`, any number per segment
    /// (the signature then says `nrefs:var`). A segment with no reference matches nothing and has length 0.
    public func corpusScore(hypotheses: [String], referencesBySegment: [[String]]) -> BLEUScore {
        precondition(referencesBySegment.count == hypotheses.count,
                     "BLEU: \(referencesBySegment.count) reference lists for \(hypotheses.count) hypotheses")
        // Statistics are integer sums, so adding the chunks' sums in any order is the same, to the bit.
        let totals = ParallelChunks.map(count: hypotheses.count) { range in
            var corpus = Corpus(bleu: self)
            for segment in range { corpus.add(hypothesis: hypotheses[segment], references: referencesBySegment[segment]) }
            return corpus.total
        }
        var total = BLEUStatistics()
        for chunk in totals { total += chunk }
        return BLEUScore(statistics: total, smoothing: smoothing, effectiveOrder: false)
    }

    /// Sentence BLEU of each hypothesis against its references (`referencesBySegment[segment]`), in order, on every
    /// core: what `sentenceScore` gives one at a time.
    public func sentenceScores(hypotheses: [String], referencesBySegment: [[String]]) -> [BLEUScore] {
        precondition(referencesBySegment.count == hypotheses.count,
                     "BLEU: \(referencesBySegment.count) reference lists for \(hypotheses.count) hypotheses")
        return ParallelChunks.map(count: hypotheses.count) { range in
            var table = NGramTable()
            return range.map { segment in
                var words = WordIDs()
                let statistics = self.statistics(hypothesis: hypotheses[segment], references: referencesBySegment[segment], words: &words, table: &table)
                return BLEUScore(statistics: statistics, smoothing: smoothing, effectiveOrder: true)
            }
        }.flatMap { $0 }
    }


    /// Corpus BLEU added up one segment at a time: only the sum of the segments' statistics is kept, so the score is
    /// the same, to the bit, as `corpusScore` over all the segments at once, without holding them.
    public struct Corpus: Sendable {
        public let bleu: BLEU
        fileprivate var total = BLEUStatistics()
        private var table = NGramTable()

        public init(bleu: BLEU) {
            self.bleu = bleu
        }

        public mutating func add(hypothesis: String, references: [String]) {
            // Word ids only need to agree within a segment, so each segment numbers its own words.
            var words = WordIDs()
            total += bleu.statistics(hypothesis: hypothesis, references: references, words: &words, table: &table)
        }

        public var score: BLEUScore {
            BLEUScore(statistics: total, smoothing: bleu.smoothing, effectiveOrder: false)
        }
    }

    /// Sentence BLEU as sacreBLEU's `sentence_bleu`: one hypothesis against its references, with effective order.
    public func sentenceScore(hypothesis: String, references: [String]) -> BLEUScore {
        var words = WordIDs()
        var table = NGramTable()
        let segment = statistics(hypothesis: hypothesis, references: references, words: &words, table: &table)
        return BLEUScore(statistics: segment, smoothing: smoothing, effectiveOrder: true)
    }

    /// The words BLEU counts in `text`: sacreBLEU's `_preprocess_segment` (lowercase, strip the end, tokenize),
    /// then split on whitespace.
    public func words(_ text: String) -> [String] {
        PythonText.split(preprocess(text)).map { word in
            var string = ""
            string.unicodeScalars.append(contentsOf: word)
            return string
        }
    }

    private func preprocess(_ text: String) -> [Unicode.Scalar] {
        var scalars = Array(text.unicodeScalars)
        if lowercase { scalars = PythonText.lowercased(scalars) }
        return tokenizer.tokenizeForSplitting(PythonText.rstrip(scalars))
    }

    fileprivate func statistics(hypothesis: String, references: [String], words: inout WordIDs, table: inout NGramTable) -> BLEUStatistics {
        let referenceWords = references.map { words.ids(of: PythonText.split(preprocess($0))) }
        return BLEUStatistics(hypothesis: words.ids(of: PythonText.split(preprocess(hypothesis))), references: referenceWords, table: &table)
    }
}
