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
    /// Flips left out of `flips` because something recorded changed at that step (see `notCountingFlips(where:)`).
    public let explainedFlips: Int

    /// Counts flips once: sorting thousands of tracks by flip rate must not recount them in every comparison. A step
    /// for which `explained(beforeRunID, afterRunID)` is true is no chance to flip: a flip there is the change's.
    init(suite: SuiteKey, caseID: String, observations: [Observation], explained: (Int64, Int64) -> Bool = { _, _ in false }) {
        self.suite = suite
        self.caseID = caseID
        self.observations = observations
        var flips = 0, steps = 0, changes = 0, explainedFlips = 0
        for (before, after) in zip(observations, observations.dropFirst()) {
            if before.caseHash != after.caseHash {
                changes += 1
            } else if explained(before.runID, after.runID) {
                if before.passes != after.passes { explainedFlips += 1 }
            } else {
                steps += 1
                if before.passes != after.passes { flips += 1 }
            }
        }
        self.flips = flips
        comparableSteps = steps
        contentChanges = changes
        self.explainedFlips = explainedFlips
    }

    /// This track with the flips at steps `explained(beforeRunID, afterRunID)` names not counted (nor the steps).
    public func notCountingFlips(where explained: (_ beforeRunID: Int64, _ afterRunID: Int64) -> Bool) -> CaseTrack {
        CaseTrack(suite: suite, caseID: caseID, observations: observations, explained: explained)
    }

    public var flipRate: Double { comparableSteps == 0 ? 0 : Double(flips) / Double(comparableSteps) }

    /// Failed in every run (at least two).
    public var alwaysFails: Bool { observations.count >= 2 && observations.allSatisfy { !$0.passes } }

    public var passRate: Double {
        observations.isEmpty ? 0 : Double(observations.count(where: \.passes)) / Double(observations.count)
    }
}
