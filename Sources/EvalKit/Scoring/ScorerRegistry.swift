import Foundation

/// Maps a scorer `type` in an eval set to the code that builds it. New scorer types register here.
public struct ScorerRegistry: Sendable {
    public typealias Factory = @Sendable (ScorerSpec, URL) throws(InputProblem) -> any Scorer
    private var factories: [String: Factory]

    public init(factories: [String: Factory] = [:]) {
        self.factories = factories
    }

    /// exact, contains, regex.
    public static let standard = ScorerRegistry(factories: [
        "exact": { spec, _ throws(InputProblem) in try ExactMatchScorer(spec: spec) },
        "contains": { spec, _ throws(InputProblem) in try ContainsScorer(spec: spec) },
        "regex": { spec, _ throws(InputProblem) in try RegexScorer(spec: spec) },
    ])

    public var knownTypes: [String] { factories.keys.sorted() }

    public mutating func register(_ type: String, factory: @escaping Factory) {
        factories[type] = factory
    }

    /// Builds the scorer `spec` describes; `evalSetDirectory` resolves files a scorer names (schemas, rubrics).
    public func makeScorer(_ spec: ScorerSpec, evalSetDirectory: URL) throws(InputProblem) -> any Scorer {
        guard let factory = factories[spec.type] else {
            throw InputProblem(file: spec.file, line: spec.line,
                               message: "unknown scorer type '\(spec.type)' (expected one of: \(knownTypes.joined(separator: ", ")))")
        }
        return try factory(spec, evalSetDirectory)
    }
}
