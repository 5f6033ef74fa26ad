/// The rows a store reads for a case history, and the one place they become tracks and changed outputs: each store
/// runs its own SQL, and both build the same `CaseHistory`.
struct CaseHistoryRows {
    /// A request (one case in one suite key) whose outputs differed, as grouped in SQL.
    struct OutputGroup {
        var evalset: String, promptID: String, backend: String, caseID: String, requestHash: String
        var variants: Int, results: Int
    }

    private struct Tally { var hash: String; var passed = 0; var total = 0 }
    private struct CaseRef: Hashable { let suite: SuiteKey; let caseID: String }

    /// The suite key of each suite id in range.
    let keys: [Int64: SuiteKey]
    private var tallies: [CaseRef: [Int64: Tally]] = [:]

    init(keys: [Int64: SuiteKey]) {
        self.keys = keys
    }

    /// Counts one result (errors are left out by the query).
    mutating func add(suiteID: Int64, runID: Int64, caseID: String, caseHash: String, status: ResultStatus) {
        guard let key = keys[suiteID] else { return }
        let reference = CaseRef(suite: key, caseID: caseID)
        var tally = tallies[reference]?[runID] ?? Tally(hash: caseHash)
        tally.total += 1
        if status == .passed { tally.passed += 1 }
        tallies[reference, default: [:]][runID] = tally
    }

    /// Every case's observations, oldest run first.
    var tracks: [CaseTrack] {
        tallies.map { reference, byRun in
            CaseTrack(suite: reference.suite, caseID: reference.caseID, observations: byRun.keys.sorted().map { runID in
                let tally = byRun[runID]!
                return CaseTrack.Observation(runID: runID, caseHash: tally.hash, passFraction: Double(tally.passed) / Double(tally.total))
            })
        }
    }

    /// The group's latest output and the newest earlier one that differs, from its samples newest first; nil when
    /// every sample reads the same.
    static func changedOutput(_ group: OutputGroup, samples: [ChangedOutput.Sample]) -> ChangedOutput? {
        guard let latest = samples.first, let previous = samples.first(where: { $0.output != latest.output }) else { return nil }
        return ChangedOutput(
            suite: SuiteKey(evalset: group.evalset, promptID: group.promptID, backend: group.backend), caseID: group.caseID,
            distinctOutputs: group.variants, results: group.results, previous: previous, latest: latest,
            similarity: TextSimilarity.ratio(previous.output, latest.output))
    }
}
