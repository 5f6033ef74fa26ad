/// `chrf`: sentence chrF (sacreBLEU's `sentence_chrf`) of the output against the case's `expected` answer, or the
/// best of its answers when `expected` is a list (several references), as a value on 0…1 (chrF / 100).
///
/// The default threshold is 0, so every case passes and the scorer only reports; set a threshold (0…1) to gate on
/// it. For a suite, the corpus figure is corpus chrF on sacreBLEU's 0–100 scale, the number to compare with papers.
///
/// ```yaml
/// - {type: chrf, threshold: 0.5}
/// - {type: chrf, word_order: 2, name: chrf++}          # chrF++
/// - {type: chrf, char_order: 6, beta: 2, lowercase: true, whitespace: false, eps_smoothing: false}
/// ```
public struct ChrFScorer: CorpusScorer {
    public let name: String
    public let threshold: Double
    public var scoreScale: ScoreScale { ScoreScale(kind: .continuous, range: 0...1) }
    public let chrF: ChrF

    public init(name: String = "chrf", chrF: ChrF = ChrF(), threshold: Double = 0) {
        self.name = name
        self.chrF = chrF
        self.threshold = threshold
    }

    /// Builds the scorer from an eval set entry; unknown options and bad values are problems at its file and line.
    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["references", "char_order", "word_order", "beta", "lowercase", "whitespace", "eps_smoothing"])
        if let source = try options.string("references"), source != "expected" {
            throw spec.problem("'references' must be 'expected' (the case's expected answer or list of answers)")
        }
        let orders = 0...ChrF.maximumOrder
        let charOrder = try options.integer("char_order", in: orders) ?? ChrF.defaultCharOrder
        let wordOrder = try options.integer("word_order", in: orders) ?? ChrF.defaultWordOrder
        let beta = try options.integer("beta", in: 0...ChrF.maximumBeta) ?? ChrF.defaultBeta
        if charOrder + wordOrder == 0 { throw spec.problem("'char_order' and 'word_order' cannot both be 0") }
        let chrF = ChrF(charOrder: charOrder, wordOrder: wordOrder, beta: beta, lowercase: try options.bool("lowercase", default: false),
                        whitespace: try options.bool("whitespace", default: false), epsSmoothing: try options.bool("eps_smoothing", default: false))
        self.init(name: options.name, chrF: chrF, threshold: try options.threshold(default: 0))
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let result = chrF.sentenceScore(hypothesis: input.output, references: input.evalCase.expectedTexts)
        return Score(scorer: name, value: result.score / 100, threshold: threshold, reason: result.description,
                     details: .object(["chrf": .number(result.score)]))
    }

    /// Corpus chrF (0–100) over the suite's outputs, each against its own case's references.
    public func corpusAccumulator() -> any CorpusAccumulator {
        CorpusChrF(corpus: ChrF.Corpus(chrF: chrF))
    }
}

/// Corpus chrF as a scorer's accumulation: each output against its own case's references.
struct CorpusChrF: CorpusAccumulator {
    var corpus: ChrF.Corpus

    mutating func add(_ input: ScoringInput) {
        corpus.add(hypothesis: input.output, references: input.evalCase.expectedTexts)
    }

    var score: Double { corpus.score.score }
}
