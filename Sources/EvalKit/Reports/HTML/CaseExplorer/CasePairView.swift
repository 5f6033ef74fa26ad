/// One case of the explorer's view of a run against another: its results in each run, paired as `RunComparison`
/// pairs them (by eval set × prompt × backend, then case id; a case whose content hash differs is a changed case, not
/// a pair), with the status each side shows and where it sorts.
struct CasePairView: Sendable {
    enum Pairing: String, Sendable {
        /// The same case, with the same content, in both runs.
        case paired
        /// The same case id with different content (input or expected answer): shown, but not compared.
        case changed
        /// A result only in the run explored.
        case run
        /// A result only in the run it is compared against.
        case against
    }

    /// A case's results in one run, its repeats folded together.
    struct Side: Sendable {
        /// In repeat order.
        let results: [StoredResult]
        /// Passed when at least half the answered repeats passed (as `CaseResults.passes`); error when every repeat
        /// errored; skipped when none was sent.
        let status: ResultStatus

        init(_ results: [StoredResult]) {
            self.results = results.sorted { $0.result.repeatIndex < $1.result.repeatIndex }
            let answered = self.results.filter { $0.result.status == .passed || $0.result.status == .failed }
            if answered.isEmpty {
                status = self.results.contains { $0.result.status == .error } ? .error : .skipped
            } else {
                status = answered.count(where: { $0.result.status == .passed }) * 2 >= answered.count ? .passed : .failed
            }
        }

        /// The result shown: the first answered repeat, else the first.
        var shown: StoredResult { results.first { $0.result.output != nil && $0.result.status != .error } ?? results[0] }
        var erroredRepeats: Int { results.count { $0.result.status == .error } }
    }

    let caseID: String
    let pairing: Pairing
    /// In the run explored (the comparison's candidate).
    let run: Side?
    /// In the run it is compared against (the comparison's baseline).
    let against: Side?

    /// Regressions first (passed there, not here), then the other cases not passing here, improvements, cases on one
    /// side only or changed, and cases passing in both.
    var rank: Int {
        let here = run.map { $0.status == .passed }, there = against.map { $0.status == .passed }
        switch (here, there) {
        case (false?, true?): return 0
        case (false?, _): return 1
        case (true?, false?): return 2
        case (true?, true?): return pairing == .paired ? 4 : 3
        default: return 3
        }
    }

    /// The cases of one eval set × prompt × backend in both runs (a suite may be missing from either), in `rank` then
    /// case id order.
    static func pairs(run: (suite: Stored<SuiteRecord>?, results: [StoredResult]),
                      against: (suite: Stored<SuiteRecord>?, results: [StoredResult])) -> [CasePairView] {
        let mine = Dictionary(grouping: run.results, by: \.result.caseID).mapValues(Side.init)
        let theirs = Dictionary(grouping: against.results, by: \.result.caseID).mapValues(Side.init)
        var changed: Set<String> = []
        if let candidate = run.suite, let baseline = against.suite {
            let pairing = SuitePairing(baseline: baseline, baselineResults: against.results, candidate: candidate, candidateResults: run.results)
            changed = Set(pairing.changed)
        }
        var views: [CasePairView] = []
        for caseID in Set(mine.keys).union(theirs.keys) {
            let pairing: Pairing = switch (mine[caseID], theirs[caseID]) {
            case (_?, nil): .run
            case (nil, _?): .against
            default: changed.contains(caseID) ? .changed : .paired
            }
            views.append(CasePairView(caseID: caseID, pairing: pairing, run: mine[caseID], against: theirs[caseID]))
        }
        return views.sorted { ($0.rank, $0.caseID) < ($1.rank, $1.caseID) }
    }
}
