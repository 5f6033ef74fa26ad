/// chrF (Popović 2015) and chrF++ (Popović 2017) as sacreBLEU 2.x computes them: the same character and word
/// n-grams, the same F-score and its two smoothings, so scores agree with sacreBLEU's to the bit.
///
/// Use chrF rather than BLEU for short outputs and for languages with rich morphology: it matches character
/// n-grams, so `cats` still earns credit against `cat`. `wordOrder: 2` is chrF++ (word unigrams and bigrams too).
///
/// ```swift
/// let chrF = ChrF()                          // chrF2: characters up to 6-grams, beta 2
/// let corpus = chrF.corpusScore(hypotheses: ["The cat sat."], references: [["The cat sat down."]])
/// let sentence = ChrF(wordOrder: 2).sentenceScore(hypothesis: "The cat sat.", references: ["A cat sat."])
/// print(corpus, chrF.signature(referenceCount: 1))   // chrF2 = 61.01  nrefs:1|case:mixed|eff:yes|nc:6|nw:0|…
/// ```
public struct ChrF: Sendable, Hashable {
    public static let defaultCharOrder = 6
    public static let defaultWordOrder = 0
    public static let defaultBeta = 2
    /// The largest `charOrder` or `wordOrder` accepted: the cost of a segment grows with the order.
    public static let maximumOrder = 32
    /// The largest `beta` accepted (its square must not overflow; chrF barely changes past a few).
    public static let maximumBeta = 1_000

    public let charOrder: Int
    public let wordOrder: Int
    /// How much more recall weighs than precision.
    public let beta: Int
    public let lowercase: Bool
    /// Count whitespace inside character n-grams (sacreBLEU's `whitespace`); by default it is removed first.
    public let whitespace: Bool
    /// chrF++.py's smoothing (also NLTK's and Moses'): an order with nothing to count adds a tiny epsilon. By default
    /// sacreBLEU averages over the orders that have n-grams on both sides (`eff:yes` in the signature).
    public let epsSmoothing: Bool

    /// Orders must be in 0…`maximumOrder` with at least one of them positive, and `beta` in 0…`maximumBeta`: check
    /// settings from a user with `problem(charOrder:wordOrder:beta:)` first.
    public init(charOrder: Int = defaultCharOrder, wordOrder: Int = defaultWordOrder, beta: Int = defaultBeta,
                lowercase: Bool = false, whitespace: Bool = false, epsSmoothing: Bool = false) {
        if let problem = Self.problem(charOrder: charOrder, wordOrder: wordOrder, beta: beta) { preconditionFailure(problem) }
        self.charOrder = charOrder
        self.wordOrder = wordOrder
        self.beta = beta
        self.lowercase = lowercase
        self.whitespace = whitespace
        self.epsSmoothing = epsSmoothing
    }

    /// What is wrong with these settings, or nil when a `ChrF` can have them.
    public static func problem(charOrder: Int, wordOrder: Int, beta: Int) -> String? {
        let orders = 0...maximumOrder
        if !orders.contains(charOrder) { return "the character order must be a whole number in 0…\(maximumOrder), not \(charOrder)" }
        if !orders.contains(wordOrder) { return "the word order must be a whole number in 0…\(maximumOrder), not \(wordOrder)" }
        if charOrder + wordOrder == 0 { return "the character and word orders cannot both be 0" }
        if !(0...maximumBeta).contains(beta) { return "beta must be a whole number in 0…\(maximumBeta), not \(beta)" }
        return nil
    }

    /// sacreBLEU's name for the metric: `chrF2`, and a `+` per word order (`chrF2++`).
    public var name: String { "chrF\(beta)" + String(repeating: "+", count: wordOrder) }

    /// sacreBLEU's signature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`; nil
    /// `referenceCount` means segments have different numbers of references (`nrefs:var`).
    public func signature(referenceCount: Int?) -> String {
        SacreBLEU.signature(referenceCount: referenceCount, [
            "case": lowercase ? "lc" : "mixed",
            "eff": SacreBLEU.yesNo(!epsSmoothing),
            "nc": String(charOrder),
            "nw": String(wordOrder),
            "space": SacreBLEU.yesNo(whitespace),
        ])
    }

    /// Corpus chrF with references as sacreBLEU takes them: `references[stream][segment]`, one stream per reference
    /// translation, each as long as `hypotheses`.
    public func corpusScore(hypotheses: [String], references: [[String]]) -> ChrFScore {
        for stream in references {
            precondition(stream.count == hypotheses.count,
                         "chrF: a reference stream has \(stream.count) segments for \(hypotheses.count) hypotheses")
        }
        let bySegment = hypotheses.indices.map { segment in references.map { $0[segment] } }
        return corpusScore(hypotheses: hypotheses, referencesBySegment: bySegment)
    }

    /// Corpus chrF with each segment's own references, any number per segment.
    public func corpusScore(hypotheses: [String], referencesBySegment: [[String]]) -> ChrFScore {
        precondition(referencesBySegment.count == hypotheses.count,
                     "chrF: \(referencesBySegment.count) reference lists for \(hypotheses.count) hypotheses")
        var corpus = Corpus(chrF: self)
        for (hypothesis, references) in zip(hypotheses, referencesBySegment) {
            corpus.add(hypothesis: hypothesis, references: references)
        }
        return corpus.score
    }

    /// Corpus chrF added up one segment at a time: only the summed statistics are kept, so the score is the same, to
    /// the bit, as `corpusScore` over all the segments at once.
    public struct Corpus: Sendable {
        public let chrF: ChrF
        private var total: ChrFStatistics

        public init(chrF: ChrF) {
            self.chrF = chrF
            total = ChrFStatistics(orders: chrF.charOrder + chrF.wordOrder)
        }

        public mutating func add(hypothesis: String, references: [String]) {
            total += chrF.statistics(hypothesis: hypothesis, references: references)
        }

        public var score: ChrFScore { chrF.score(total) }
    }

    /// Sentence chrF: one hypothesis against its references (sacreBLEU's `sentence_chrf`).
    public func sentenceScore(hypothesis: String, references: [String]) -> ChrFScore {
        score(statistics(hypothesis: hypothesis, references: references))
    }

    private func score(_ statistics: ChrFStatistics) -> ChrFScore {
        ChrFScore(score: statistics.fScore(beta: beta, epsSmoothing: epsSmoothing), name: name, statistics: statistics)
    }

    /// sacreBLEU's `_compute_segment_statistics`: the statistics against the reference with the best F-score (the
    /// first on a tie). No reference at all counts as one empty reference.
    func statistics(hypothesis: String, references: [String]) -> ChrFStatistics {
        let hypothesisSegment = ChrFSegment(hypothesis, chrF: self)
        var best: (fScore: Double, statistics: ChrFStatistics)?
        for reference in references.isEmpty ? [""] : references {
            let statistics = ChrFSegment(reference, chrF: self)
                .statistics(of: hypothesisSegment, charOrder: charOrder, wordOrder: wordOrder)
            let fScore = statistics.fScore(beta: beta, epsSmoothing: epsSmoothing)
            if best == nil || fScore > best!.fScore { best = (fScore, statistics) }
        }
        return best!.statistics
    }
}
