import Foundation

/// What a scorer factory may use besides its spec: the eval set's directory (for schema and rubric files) and the
/// run's backends (for scorers that call a model).
public struct ScorerContext: Sendable {
    public let evalSetDirectory: URL
    public let backends: BackendDirectory
}

/// Maps a scorer `type` in an eval set to the code that builds it. New scorer types register here.
public struct ScorerRegistry: Sendable {
    public typealias Factory = @Sendable (ScorerSpec, ScorerContext) throws(InputProblem) -> any Scorer
    private var factories: [String: Factory]
    /// The backends judge scorers built by this registry will call.
    public let backends: BackendDirectory

    public init(factories: [String: Factory] = [:], backends: BackendDirectory = BackendDirectory()) {
        self.factories = factories
        self.backends = backends
    }

    /// Every built-in scorer type, with judges calling the backends in `backends`.
    public static func standard(backends: BackendDirectory) -> ScorerRegistry {
        ScorerRegistry(factories: [
            "exact": { spec, _ throws(InputProblem) in try ExactMatchScorer(spec: spec) },
            "contains": { spec, _ throws(InputProblem) in try ContainsScorer(spec: spec) },
            "regex": { spec, _ throws(InputProblem) in try RegexScorer(spec: spec) },
            "judge": { spec, context throws(InputProblem) in try JudgeScorer(spec: spec, context: context) },
            "bleu": { spec, _ throws(InputProblem) in try BLEUScorer(spec: spec) },
            "json_schema": { spec, context throws(InputProblem) in
                try JSONSchemaScorer(spec: spec, evalSetDirectory: context.evalSetDirectory)
            },
        ], backends: backends)
    }

    /// The built-in scorers with a directory of their own, for checking eval sets without running them.
    public static var standard: ScorerRegistry { standard(backends: BackendDirectory()) }

    public var knownTypes: [String] { factories.keys.sorted() }

    public mutating func register(_ type: String, factory: @escaping Factory) {
        factories[type] = factory
    }

    /// Builds the scorer `spec` describes; `evalSetDirectory` resolves files a scorer names (schemas, rubrics).
    public func makeScorer(_ spec: ScorerSpec, evalSetDirectory: URL) throws(InputProblem) -> any Scorer {
        guard let factory = factories[spec.type] else {
            throw InputProblem(file: spec.file, line: spec.line,
                               message: NameSuggestion.unknown("scorer type", spec.type, known: knownTypes, listing: "expected one of"))
        }
        return try factory(spec, ScorerContext(evalSetDirectory: evalSetDirectory, backends: backends))
    }
}
