/// `bleu`: sentence BLEU (0–100, sacreBLEU's `sentence_bleu`) of the output against the case's `expected`
/// answer, or against each of its answers when `expected` is a list (several references).
///
/// The default threshold is 0, so every case passes and the scorer only reports BLEU; set a threshold to
/// gate on it. For a suite, `corpusScore` is corpus BLEU over every output, the figure to compare between runs.
///
/// ```yaml
/// - {type: bleu, threshold: 30}
/// - {type: bleu, references: expected, tokenize: intl, smooth_method: floor, smooth_value: 0.1, lowercase: true}
/// ```
public struct BLEUScorer: CorpusScorer {
    public let name: String
    public let threshold: Double
    public var scoreScale: ScoreScale { ScoreScale(kind: .continuous, range: 0...100) }
    public let bleu: BLEU

    public init(name: String = "bleu", bleu: BLEU = BLEU(), threshold: Double = 0) {
        self.name = name
        self.bleu = bleu
        self.threshold = threshold
    }

    /// Builds the scorer from an eval set entry; unknown options and bad values are problems at its file and line.
    init(spec: ScorerSpec) throws(InputProblem) {
        let options = try ScorerOptions(spec, allowed: ["references", "tokenize", "smooth_method", "smooth_value", "lowercase"])
        if let source = try options.string("references"), source != "expected" {
            throw spec.problem("'references' must be 'expected' (the case's expected answer or list of answers)")
        }
        let tokenizerName = try options.string("tokenize") ?? BLEUTokenizer.thirteenA.rawValue
        guard let tokenizer = BLEUTokenizer(rawValue: tokenizerName) else {
            let names = BLEUTokenizer.allCases.map(\.rawValue).joined(separator: ", ")
            throw spec.problem("'tokenize' must be one of \(names), not '\(tokenizerName)'")
        }
        let smoothing = try Self.smoothing(options, spec: spec)
        self.init(name: options.name, bleu: BLEU(tokenizer: tokenizer, smoothing: smoothing, lowercase: try options.bool("lowercase", default: false)),
                  threshold: try options.threshold(default: 0, range: 0...100))
    }

    private static func smoothing(_ options: ScorerOptions, spec: ScorerSpec) throws(InputProblem) -> BLEUSmoothing {
        let method = try options.string("smooth_method") ?? "exp"
        guard BLEUSmoothing(method: method) != nil else {
            throw spec.problem("'smooth_method' must be one of \(BLEUSmoothing.methodNames.joined(separator: ", ")), not '\(method)'")
        }
        guard let rawValue = spec.options["smooth_value"] else { return BLEUSmoothing(method: method)! }
        guard BLEUSmoothing.takesValue(method) else {
            throw spec.problem("'smooth_value' applies only to smooth_method floor or add-k, not '\(method)'")
        }
        guard let value = rawValue.doubleValue, value.isFinite, value >= 0 else {
            throw spec.problem("'smooth_value' must be a number ≥ 0")
        }
        return BLEUSmoothing(method: method, value: value)!
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        let result = bleu.sentenceScore(hypothesis: input.output, references: input.evalCase.expectedTexts)
        return Score(scorer: name, value: result.score, threshold: threshold, reason: result.description)
    }

    /// Corpus BLEU (0–100) over the suite's outputs, each against its own case's references.
    public func corpusAccumulator() -> any CorpusAccumulator {
        CorpusBLEU(corpus: BLEU.Corpus(bleu: bleu))
    }
}

/// Corpus BLEU as a scorer's accumulation: each output against its own case's references.
struct CorpusBLEU: CorpusAccumulator {
    var corpus: BLEU.Corpus

    mutating func add(_ input: ScoringInput) {
        corpus.add(hypothesis: input.output, references: input.evalCase.expectedTexts)
    }

    var score: Double { corpus.score.score }
}
