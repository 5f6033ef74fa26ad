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
    public let flips: Int
    /// Consecutive runs with the same case content: the chances to flip.
    public let comparableSteps: Int
    /// How many times the case's content changed between consecutive runs.
    public let contentChanges: Int

    /// Counts flips once: sorting thousands of tracks by flip rate must not recount them in every comparison.
    init(suite: SuiteKey, caseID: String, observations: [Observation]) {
        self.suite = suite
        self.caseID = caseID
        self.observations = observations
        var flips = 0, steps = 0, changes = 0
        for (before, after) in zip(observations, observations.dropFirst()) {
            if before.caseHash == after.caseHash {
                steps += 1
                if before.passes != after.passes { flips += 1 }
            } else {
                changes += 1
            }
        }
        self.flips = flips
        comparableSteps = steps
        contentChanges = changes
    }

    public var flipRate: Double { comparableSteps == 0 ? 0 : Double(flips) / Double(comparableSteps) }

    /// Failed in every run (at least two).
    public var alwaysFails: Bool { observations.count >= 2 && observations.allSatisfy { !$0.passes } }

    public var passRate: Double {
        observations.isEmpty ? 0 : Double(observations.count(where: \.passes)) / Double(observations.count)
    }
}
