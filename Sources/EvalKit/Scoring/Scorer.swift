/// Scores one model output. Every scorer type (the types `ScorerRegistry.standard` registers) conforms.
///
/// Scoring is `async` so a scorer may call a model (an LLM judge) through the same backend machinery as the run.
/// Scorers that also have a corpus-level figure (BLEU) conform to `CorpusScorer` as well.
public protocol Scorer: Sendable {
    /// The name results are stored and reported under, e.g. `exact` (unique within an eval set).
    var name: String { get }
    /// The score at or above which a case passes.
    var threshold: Double { get }
    /// What the values mean; comparisons use it to put scores on 0…1 and to pick a test. Pass/fail unless overridden.
    var scoreScale: ScoreScale { get }
    /// The backends (by config name) this scorer calls, which the run must start: a judge's. None for most.
    var backendNames: [String] { get }
    /// Scores one output. Throwing marks the case as an error (the scorer could not decide), never as a failure.
    func score(_ input: ScoringInput) async throws -> Score
}

extension Scorer {
    public var scoreScale: ScoreScale { .passFail }
    public var backendNames: [String] { [] }
}

/// A scorer with a figure computed over all of a suite's outputs, such as corpus BLEU. The figure is accumulated one
/// output at a time (`CorpusAccumulator`), so a suite's outputs never need to be in memory together.
public protocol CorpusScorer: Scorer {
    /// An empty accumulation; add each output of the suite, then read its `score`.
    func corpusAccumulator() -> any CorpusAccumulator
}

extension CorpusScorer {
    /// The corpus figure over `inputs`, in their order.
    public func corpusScore(_ inputs: [ScoringInput]) -> Double {
        var accumulator = corpusAccumulator()
        for input in inputs { accumulator.add(input) }
        return accumulator.score
    }
}

/// A corpus figure's running state: what it needs from each output (BLEU: n-gram counts and lengths), summed.
public protocol CorpusAccumulator: Sendable {
    mutating func add(_ input: ScoringInput)
    /// The figure over every output added so far.
    var score: Double { get }
}

/// What a scorer sees: the case (variables, expected answer) and the model's output.
public struct ScoringInput: Sendable {
    public let evalCase: EvalCase
    public let output: String

    public init(evalCase: EvalCase, output: String) {
        self.evalCase = evalCase
        self.output = output
    }
}

/// One scorer's verdict on one output.
public struct Score: Sendable, Hashable {
    public let scorer: String
    /// 0…1 for the simple scorers.
    public let value: Double
    public let threshold: Double
    public let passed: Bool
    /// A short reason a person can read in a report.
    public let reason: String
    /// What else the scorer wants kept with the score (a judge's raw replies, every repeat's score, the rubric hash).
    public let details: JSONValue?

    public init(scorer: String, value: Double, threshold: Double, reason: String, details: JSONValue? = nil) {
        self.scorer = scorer
        self.value = value
        self.threshold = threshold
        passed = value >= threshold
        self.reason = reason
        self.details = details
    }

    /// A score whose verdict is not `value >= threshold` (a negated continuous score passes strictly above it).
    public init(scorer: String, value: Double, threshold: Double, passed: Bool, reason: String, details: JSONValue? = nil) {
        self.scorer = scorer
        self.value = value
        self.threshold = threshold
        self.passed = passed
        self.reason = reason
        self.details = details
    }
}
