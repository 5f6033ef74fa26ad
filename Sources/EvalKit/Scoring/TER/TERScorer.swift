/// `ter`: sentence TER of the output against the case's `expected` answer (the fewest edits to any of its answers
/// when `expected` is a list), turned into a score where higher is better: max(0, 1 − TER / 100).
///
/// A perfect match scores 1, TER 40 scores 0.6, and TER of 100 or more (at least as many edits as reference words)
/// scores 0. `threshold: 0.6` therefore passes a case at TER ≤ 40. The default threshold is 0: the scorer only
/// reports. The reason and `details` keep the raw TER; the suite's corpus figure is corpus TER itself (lower is
/// better), the number sacreBLEU prints.
///
/// ```yaml
/// - {type: ter, threshold: 0.6}                                  # TER at most 40
/// - {type: ter, normalized: true, no_punct: false, case_sensitive: false, asian_support: false}
/// ```
///
/// TER's shift search costs up to about a thousand edit distances per case, so an output or reference of more than
/// `maximumWords` words is an error for that case (and left out of the corpus figure) rather than a stalled run.
public struct TERScorer: CorpusScorer {
    public static let maximumWords = 10_000

    public let name: String
    public let threshold: Double
    public var scoreScale: ScoreScale { ScoreScale(kind: .continuous, range: 0...1) }
    public let ter: TER

    public init(name: String = "ter", ter: TER = TER(), threshold: Double = 0) {
        self.name = name
        self.ter = ter
        self.threshold = threshold
    }

    /// Builds the scorer from an eval set entry; unknown options and bad values are problems at its file and line.
    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["references", "normalized", "no_punct", "asian_support", "case_sensitive"])
        if let source = try options.string("references"), source != "expected" {
            throw spec.problem("'references' must be 'expected' (the case's expected answer or list of answers)")
        }
        let ter = TER(normalized: try options.bool("normalized", default: false), noPunct: try options.bool("no_punct", default: false),
                      asianSupport: try options.bool("asian_support", default: false),
                      caseSensitive: try options.bool("case_sensitive", default: false))
        self.init(name: options.name, ter: ter, threshold: try options.threshold(default: 0))
    }

    /// The score on 0…1 for a TER in percent.
    public static func value(ter: Double) -> Double { max(0, 1 - ter / 100) }

    public func score(_ input: ScoringInput) async throws -> Score {
        let references = input.evalCase.expectedTexts
        let words = ter.words(hypothesis: input.output, references: references.isEmpty ? [""] : references)
        if words.hypothesis.count > Self.maximumWords {
            throw ScorerFailure("the output has \(words.hypothesis.count) words; TER is computed for at most \(Self.maximumWords) (its shift search would stall the run)")
        }
        if let longest = words.references.map(\.count).max(), longest > Self.maximumWords {
            throw ScorerFailure("the expected answer has \(longest) words; TER is computed for at most \(Self.maximumWords) (its shift search would stall the run)")
        }
        let result = TERScore(TER.statistics(hypothesis: words.hypothesis, references: words.references))
        return Score(scorer: name, value: Self.value(ter: result.score), threshold: threshold,
                     reason: "\(result) (\(result.edits) edit\(result.edits == 1 ? "" : "s"), reference length \(ScoreText.number(result.referenceLength)))",
                     details: .object(["ter": .number(result.score), "num_edits": .number(Double(result.edits)),
                                       "ref_length": .number(result.referenceLength)]))
    }

    /// Corpus TER (in percent, lower is better) over the suite's outputs, each against its own case's references.
    public func corpusAccumulator() -> any CorpusAccumulator {
        CorpusTER(ter: ter)
    }
}

/// Corpus TER as a scorer's accumulation; an output or reference over `TERScorer.maximumWords` words is left out, as
/// its case is an error.
struct CorpusTER: CorpusAccumulator {
    let ter: TER
    var corpus = TER.Corpus()

    mutating func add(_ input: ScoringInput) {
        let references = input.evalCase.expectedTexts
        let words = ter.words(hypothesis: input.output, references: references.isEmpty ? [""] : references)
        guard words.hypothesis.count <= TERScorer.maximumWords, words.references.allSatisfy({ $0.count <= TERScorer.maximumWords }) else { return }
        corpus.add(TER.statistics(hypothesis: words.hypothesis, references: words.references))
    }

    var score: Double { corpus.score.score }
}
