import Foundation

/// What a scorer factory may use besides its spec: the eval set's directory (for schema and rubric files) and the
/// run's started backends (for scorers that call a model; empty while an eval set is only checked).
public struct ScorerContext: Sendable {
    public let evalSetDirectory: URL
    public let backends: [String: StartedBackend]

    public init(evalSetDirectory: URL, backends: [String: StartedBackend] = [:]) {
        self.evalSetDirectory = evalSetDirectory
        self.backends = backends
    }
}

/// Maps a scorer `type` in an eval set to the code that builds it. New scorer types register here.
public struct ScorerRegistry: Sendable {
    public typealias Factory = @Sendable (ScorerSpec, ScorerContext) throws(InputProblem) -> any Scorer
    private var factories: [String: Factory]

    public init(factories: [String: Factory] = [:]) {
        self.factories = factories
    }

    /// Every built-in scorer type.
    public static var standard: ScorerRegistry {
        ScorerRegistry(factories: [
            "exact": { spec, _ throws(InputProblem) in try ExactMatchScorer(spec: spec) },
            "contains": { spec, _ throws(InputProblem) in try ContainsScorer(spec: spec) },
            "regex": { spec, _ throws(InputProblem) in try RegexScorer(spec: spec) },
            "starts_with": { spec, _ throws(InputProblem) in try StartsWithScorer(spec: spec) },
            "f1": { spec, _ throws(InputProblem) in try TokenF1Scorer(spec: spec) },
            "levenshtein": { spec, _ throws(InputProblem) in try LevenshteinScorer(spec: spec) },
            "json_equal": { spec, _ throws(InputProblem) in try JSONEqualScorer(spec: spec) },
            "numeric": { spec, _ throws(InputProblem) in try NumericScorer(spec: spec) },
            "one_of": { spec, _ throws(InputProblem) in try OneOfScorer(spec: spec) },
            "judge": { spec, context throws(InputProblem) in try JudgeScorer(spec: spec, context: context) },
            "bleu": { spec, _ throws(InputProblem) in try BLEUScorer(spec: spec) },
            "chrf": { spec, _ throws(InputProblem) in try ChrFScorer(spec: spec) },
            "ter": { spec, _ throws(InputProblem) in try TERScorer(spec: spec) },
            "red_line_pattern": { spec, _ throws(InputProblem) in try RedLinePatternScorer(spec: spec) },
            "red_line_pii": { spec, _ throws(InputProblem) in try RedLinePIIScorer(spec: spec) },
            "red_line_refusal": { spec, _ throws(InputProblem) in try RedLineRefusalScorer(spec: spec) },
            "json_schema": { spec, context throws(InputProblem) in
                try JSONSchemaScorer(spec: spec, evalSetDirectory: context.evalSetDirectory)
            },
        ])
    }

    public var knownTypes: [String] { factories.keys.sorted() }

    public mutating func register(_ type: String, factory: @escaping Factory) {
        factories[type] = factory
    }

    /// Builds the scorer `spec` describes; the context's directory resolves files a scorer names (schemas, rubrics).
    public func makeScorer(_ spec: ScorerSpec, context: ScorerContext) throws(InputProblem) -> any Scorer {
        guard let factory = factories[spec.type] else {
            throw InputProblem(file: spec.file, line: spec.line,
                               message: NameSuggestion.unknown("scorer type", spec.type, known: knownTypes, listing: "expected one of"))
        }
        let scope = try ScorerScope(spec: spec)
        return scope.wrap(try factory(spec, context))
    }

    /// The scorers of `evalSet`, in its order, calling `backends` (the run's started ones; none to check a set).
    public func makeScorers(for evalSet: EvalSet, backends: [String: StartedBackend] = [:]) throws(InvalidInput) -> [any Scorer] {
        var scorers: [any Scorer] = []
        var problems: [InputProblem] = []
        let context = ScorerContext(evalSetDirectory: evalSet.directory, backends: backends)
        for spec in evalSet.scorerSpecs {
            do {
                scorers.append(try makeScorer(spec, context: context))
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return scorers
    }

    /// The check `EvalSetLoader` runs on every scorer entry, so lint reports scorer problems at their line.
    public var specCheck: ScorerSpecCheck {
        ScorerSpecCheck(knownTypes: knownTypes) { spec, directory throws(InputProblem) in
            _ = try makeScorer(spec, context: ScorerContext(evalSetDirectory: directory))
        }
    }
}

extension EvalSetLoader {
    /// A loader that checks every scorer entry with the built-in scorers.
    public static var standard: EvalSetLoader { EvalSetLoader(scorerCheck: ScorerRegistry.standard.specCheck) }
}
