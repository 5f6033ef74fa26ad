/// One case's outcomes over the runs in range, oldest first: how often it flips, whether it always fails, and
/// whether its content changed (a data change, not the model).
public struct CaseTrack: Sendable {
    public struct Observation: Sendable, Hashable {
        public let runID: Int64
        public let caseHash: String
        /// The share of the run's repeats that passed (errors left out).
        public let passFraction: Double

        public var passes: Bool { passFraction >= 0.5 }
    }

    public let suite: SuiteKey
    public let caseID: String
    public let observations: [Observation]

    /// Consecutive runs with the same case content whose outcome differs.
    public var flips: Int {
        zip(observations, observations.dropFirst()).count { $0.caseHash == $1.caseHash && $0.passes != $1.passes }
    }

    /// Consecutive runs with the same case content: the chances to flip.
    public var comparableSteps: Int { zip(observations, observations.dropFirst()).count { $0.caseHash == $1.caseHash } }

    public var flipRate: Double { comparableSteps == 0 ? 0 : Double(flips) / Double(comparableSteps) }

    /// Failed in every run (at least two).
    public var alwaysFails: Bool { observations.count >= 2 && observations.allSatisfy { !$0.passes } }

    /// How many times the case's content changed between consecutive runs.
    public var contentChanges: Int { zip(observations, observations.dropFirst()).count { $0.caseHash != $1.caseHash } }

    public var passRate: Double {
        observations.isEmpty ? 0 : Double(observations.count(where: \.passes)) / Double(observations.count)
    }
}
