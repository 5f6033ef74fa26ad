/// TER, translation edit rate (Snover et al. 2006), as sacreBLEU 2.x computes it: Tercom's tokenizer, its greedy
/// shift search with the same caps, and sacreBLEU's banded edit distance, so scores agree with sacreBLEU's to the bit.
///
/// TER is the number of edits (word insertions, deletions, substitutions and shifts of word sequences) per reference
/// word, in percent: lower is better, 0 is a perfect match, and it can exceed 100.
///
/// ```swift
/// let ter = TER()                              // Tercom's defaults: case-insensitive, no normalization
/// let corpus = ter.corpusScore(hypotheses: ["the cat sat"], references: [["the cat sat down"]])
/// print(corpus, ter.signature(referenceCount: 1))   // TER = 25.00  nrefs:1|case:lc|tok:tercom|norm:no|…
/// ```
public struct TER: Sendable, Hashable {
    public let tokenizer: TercomTokenizer

    public init(normalized: Bool = false, noPunct: Bool = false, asianSupport: Bool = false, caseSensitive: Bool = false) {
        tokenizer = TercomTokenizer(normalized: normalized, noPunct: noPunct, asianSupport: asianSupport, caseSensitive: caseSensitive)
    }

    /// sacreBLEU's signature, e.g. `nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0`; nil
    /// `referenceCount` means segments have different numbers of references (`nrefs:var`).
    public func signature(referenceCount: Int?) -> String {
        SacreBLEU.signature(referenceCount: referenceCount, [
            "case": tokenizer.caseSensitive ? "mixed" : "lc",
            "tok": "tercom",
            "norm": SacreBLEU.yesNo(tokenizer.normalized),
            "punct": SacreBLEU.yesNo(!tokenizer.noPunct),
            "asian": SacreBLEU.yesNo(tokenizer.asianSupport),
        ])
    }

    /// Corpus TER with references as sacreBLEU takes them: `references[stream][segment]`.
    public func corpusScore(hypotheses: [String], references: [[String]]) -> TERScore {
        for stream in references {
            precondition(stream.count == hypotheses.count,
                         "TER: a reference stream has \(stream.count) segments for \(hypotheses.count) hypotheses")
        }
        let bySegment = hypotheses.indices.map { segment in references.map { $0[segment] } }
        return corpusScore(hypotheses: hypotheses, referencesBySegment: bySegment)
    }

    /// Corpus TER with each segment's own references, any number per segment.
    public func corpusScore(hypotheses: [String], referencesBySegment: [[String]]) -> TERScore {
        precondition(referencesBySegment.count == hypotheses.count,
                     "TER: \(referencesBySegment.count) reference lists for \(hypotheses.count) hypotheses")
        var corpus = Corpus()
        for (hypothesis, references) in zip(hypotheses, referencesBySegment) {
            corpus.add(statistics(hypothesis: hypothesis, references: references))
        }
        return corpus.score
    }

    /// Sentence TER: one hypothesis against its references.
    public func sentenceScore(hypothesis: String, references: [String]) -> TERScore {
        TERScore(statistics(hypothesis: hypothesis, references: references))
    }

    /// Corpus TER added up one segment at a time, in order (the reference lengths are summed as `Double`s, as
    /// sacreBLEU sums them).
    public struct Corpus: Sendable {
        private var total = TERStatistics(edits: 0, referenceLength: 0)

        public init() {}

        public mutating func add(_ segment: TERStatistics) {
            total.edits += segment.edits
            total.referenceLength += segment.referenceLength
        }

        public var score: TERScore { TERScore(total) }
    }

    /// The words of each text, numbered so equal words (by code point) get equal numbers.
    ///
    /// sacreBLEU tokenizes a reference twice (once when it caches the references, again when it extracts their words)
    /// and a hypothesis once; with `normalized` the second pass can split more (whitespace such as U+0085 has become a
    /// space the first time, so `'s` then splits off), so references are tokenized twice here too.
    public func words(hypothesis: String, references: [String]) -> (hypothesis: [Int32], references: [[Int32]]) {
        var numbers: [[Unicode.Scalar]: Int32] = [:]
        func numbered(_ text: String, passes: Int) -> [Int32] {
            var scalars = Array(text.unicodeScalars)
            for _ in 0..<passes { scalars = tokenizer.tokenize(PythonText.rstrip(scalars)) }
            return PythonText.split(scalars).map { word in
                let key = Array(word)
                if let number = numbers[key] { return number }
                let number = Int32(numbers.count)
                numbers[key] = number
                return number
            }
        }
        let hypothesisWords = numbered(hypothesis, passes: 1)
        return (hypothesisWords, references.map { numbered($0, passes: 2) })
    }

    /// sacreBLEU's `_compute_segment_statistics`: the fewest edits to any reference, and the references' average
    /// length. No reference at all counts as one empty reference.
    public func statistics(hypothesis: String, references: [String]) -> TERStatistics {
        let words = words(hypothesis: hypothesis, references: references.isEmpty ? [""] : references)
        return Self.statistics(hypothesis: words.hypothesis, references: words.references)
    }

    /// The statistics of words already numbered (`words(hypothesis:references:)`); no reference at all counts as one
    /// empty reference.
    public static func statistics(hypothesis: [Int32], references: [[Int32]]) -> TERStatistics {
        let references = references.isEmpty ? [[]] : references
        var bestEdits = Int(1e16), referenceLengths = 0
        for reference in references {
            let result = TranslationEditRate.edits(hypothesis: hypothesis, reference: reference)
            referenceLengths += result.referenceLength
            bestEdits = min(bestEdits, result.edits)
        }
        return TERStatistics(edits: bestEdits, referenceLength: Double(referenceLengths) / Double(references.count))
    }
}

/// TER's sufficient statistics, for one segment or summed over a corpus: edits and (average) reference length.
public struct TERStatistics: Sendable, Hashable {
    public var edits: Int
    public var referenceLength: Double
}
