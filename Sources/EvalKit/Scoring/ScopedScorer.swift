import Foundation

/// A scorer with a `ScorerScope` around it. Cases out of scope get no score from it (`scoreIfApplicable` returns nil).
public struct ScopedScorer: Scorer {
    public let inner: any Scorer
    public let scope: ScorerScope
    public var name: String { inner.name }
    public var threshold: Double { scope.negate ? Self.negatedThreshold(inner.threshold, on: inner.scoreScale) : inner.threshold }
    public var scoreScale: ScoreScale { inner.scoreScale }
    public var backendNames: [String] { inner.backendNames }

    public init(_ inner: any Scorer, scope: ScorerScope) {
        self.inner = inner
        self.scope = scope
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        var input = input
        if let variable = scope.expectedVariable {
            guard let value = input.evalCase.vars[variable] else {
                throw ScorerFailure("case '\(input.evalCase.id)' has no variable '\(variable)' (the scorer's expected_var)")
            }
            input = ScoringInput(evalCase: input.evalCase.replacingExpected(value), output: input.output)
        }
        let score = try await inner.score(input)
        guard scope.negate else { return score }
        let scale = inner.scoreScale
        return Score(scorer: score.scorer, value: Self.reflect(score.value, on: scale),
                     threshold: Self.negatedThreshold(score.threshold, on: scale),
                     passed: !score.passed, reason: "not: \(score.reason)", details: score.details)
    }

    /// A value mirrored on its scale (1 − v on 0…1), so a negated score reads the right way round.
    static func reflect(_ value: Double, on scale: ScoreScale) -> Double {
        scale.range.lowerBound + scale.range.upperBound - value
    }

    /// A pass/fail threshold stays as it is (the mirrored 0/1 value meets it exactly when the inner scorer failed); a
    /// continuous one is mirrored, and the negated score passes strictly above it (the inner one passed at it).
    static func negatedThreshold(_ threshold: Double, on scale: ScoreScale) -> Double {
        scale.kind == .passFail ? threshold : reflect(threshold, on: scale)
    }
}

/// A corpus scorer (BLEU) with a scope: the corpus figure is over the cases in scope, against their `expected_var`.
public struct ScopedCorpusScorer: CorpusScorer {
    public let scoped: ScopedScorer
    let corpus: any CorpusScorer
    public var name: String { scoped.name }
    public var threshold: Double { scoped.threshold }
    public var scoreScale: ScoreScale { scoped.scoreScale }
    public var backendNames: [String] { scoped.backendNames }

    public init(_ inner: any CorpusScorer, scope: ScorerScope) {
        scoped = ScopedScorer(inner, scope: scope)
        corpus = inner
    }

    public func score(_ input: ScoringInput) async throws -> Score {
        try await scoped.score(input)
    }

    public func corpusAccumulator() -> any CorpusAccumulator {
        Accumulator(inner: corpus.corpusAccumulator(), scope: scoped.scope)
    }

    struct Accumulator: CorpusAccumulator {
        var inner: any CorpusAccumulator
        let scope: ScorerScope

        mutating func add(_ input: ScoringInput) {
            guard scope.applies(to: input.evalCase) else { return }
            if let variable = scope.expectedVariable {
                guard let value = input.evalCase.vars[variable] else { return }
                inner.add(ScoringInput(evalCase: input.evalCase.replacingExpected(value), output: input.output))
            } else {
                inner.add(input)
            }
        }

        var score: Double { inner.score }
    }
}

extension ScorerScope {
    /// `scorer` with this scope around it, or as it is when the entry has no generic keys.
    public func wrap(_ scorer: any Scorer) -> any Scorer {
        if isEmpty { return scorer }
        if let corpus = scorer as? any CorpusScorer { return ScopedCorpusScorer(corpus, scope: self) }
        return ScopedScorer(scorer, scope: self)
    }
}

extension Scorer {
    /// The score of `input`, or nil when the scorer's `only_tags` leave the case out.
    func scoreIfApplicable(_ input: ScoringInput) async throws -> Score? {
        if let scoped = self as? ScopedScorer, !scoped.scope.applies(to: input.evalCase) { return nil }
        if let scoped = self as? ScopedCorpusScorer, !scoped.scoped.scope.applies(to: input.evalCase) { return nil }
        return try await score(input)
    }
}
