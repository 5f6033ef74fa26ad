import Foundation
@testable import EvalKit

extension Scorer {
    /// Scores `output` for a case whose expected answer is `expected`.
    func score(_ output: String, expected: JSONValue) async throws -> Score {
        try await score(ScoringInput(evalCase: EvalCase(id: "case", vars: [:], expected: expected), output: output))
    }
}

/// A scorer entry as an eval set would write it, located at a made-up file and line.
func scorerSpec(_ options: [String: JSONValue], line: Int = 12) -> ScorerSpec {
    ScorerSpec(type: options["type"]?.stringValue ?? "", options: options, file: "sets/demo/evalset.yaml", line: line)
}

extension ScorerRegistry {
    /// Builds a scorer to check it, with no backends started (as `evalset lint` does).
    func makeScorer(_ spec: ScorerSpec, evalSetDirectory: URL) throws(InputProblem) -> any Scorer {
        try makeScorer(spec, context: ScorerContext(evalSetDirectory: evalSetDirectory))
    }
}
