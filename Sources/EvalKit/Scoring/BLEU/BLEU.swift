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
        var corpus = Corpus(bleu: self)
        for (hypothesis, references) in zip(hypotheses, referencesBySegment) {
            corpus.add(hypothesis: hypothesis, references: references)
        }
        return corpus.score
    }

    /// Corpus BLEU added up one segment at a time: only the sum of the segments' statistics is kept, so the score is
    /// the same, to the bit, as `corpusScore` over all the segments at once, without holding them.
    public struct Corpus: Sendable {
        public let bleu: BLEU
        private var total = BLEUStatistics()

        public init(bleu: BLEU) {
            self.bleu = bleu
        }

        public mutating func add(hypothesis: String, references: [String]) {
            // Word ids only need to agree within a segment, so each segment numbers its own words.
            var words = WordIDs()
            total += bleu.statistics(hypothesis: hypothesis, references: references, words: &words)
        }

        public var score: BLEUScore {
            BLEUScore(statistics: total, smoothing: bleu.smoothing, effectiveOrder: false)
        }
    }

    /// Sentence BLEU as sacreBLEU's `sentence_bleu`: one hypothesis against its references, with effective order.
    public func sentenceScore(hypothesis: String, references: [String]) -> BLEUScore {
        var words = WordIDs()
        let segment = statistics(hypothesis: hypothesis, references: references, words: &words)
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
        return tokenizer.tokenize(PythonText.rstrip(scalars))
    }

    fileprivate func statistics(hypothesis: String, references: [String], words: inout WordIDs) -> BLEUStatistics {
        let referenceWords = references.map { words.ids(of: PythonText.split(preprocess($0))) }
        return BLEUStatistics(hypothesis: words.ids(of: PythonText.split(preprocess(hypothesis))), references: referenceWords)
    }
}
