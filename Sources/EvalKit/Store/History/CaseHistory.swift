/// What the per-case history of the runs in range shows: cases that flip often, cases that always fail, and
/// outputs that changed for the same request — so generation noise, model drift and data changes can be told apart.
public struct CaseHistory: Sendable {
    /// Cases with at least one flip, highest flip rate first.
    public private(set) var flaky: [CaseTrack]
    /// Flips not counted in `flaky` because something recorded changed at their step (`notCountingFlips(where:)`).
    public private(set) var explainedFlips = 0
    /// Cases that failed in every run, by suite and id.
    public let alwaysFailing: [CaseTrack]
    /// Cases whose content changed within the range.
    public let contentChanged: [CaseTrack]
    /// The most-changed outputs for an identical request.
    public let changedOutputs: [ChangedOutput]
    /// Cases (request groups) whose output changed for an identical request, in all.
    public let changedOutputCount: Int
    /// Cases tracked in all.
    public let trackedCases: Int

    /// Sorts tracks into the three lists.
    init(tracks: [CaseTrack], changedOutputs: [ChangedOutput], changedOutputCount: Int) {
        trackedCases = tracks.count
        flaky = Self.byFlipRate(tracks)
        alwaysFailing = tracks.filter(\.alwaysFails).sorted { ($0.suite, $0.caseID) < ($1.suite, $1.caseID) }
        contentChanged = tracks.filter { $0.contentChanges > 0 }.sorted { ($0.suite, $0.caseID) < ($1.suite, $1.caseID) }
        self.changedOutputs = changedOutputs
        self.changedOutputCount = changedOutputCount
    }

    /// The same history with flips at the steps `explained(suite, beforeRunID, afterRunID)` names left out of `flaky`:
    /// a case that flipped because its prompt or backend changed is not flaky.
    public func notCountingFlips(where explained: (_ suite: SuiteKey, _ beforeRunID: Int64, _ afterRunID: Int64) -> Bool) -> CaseHistory {
        var copy = self
        let tracks = flaky.map { track in track.notCountingFlips { explained(track.suite, $0, $1) } }
        copy.flaky = Self.byFlipRate(tracks)
        copy.explainedFlips = explainedFlips + tracks.reduce(0) { $0 + $1.explainedFlips }
        return copy
    }

    /// Tracks with at least one flip, highest flip rate first.
    private static func byFlipRate(_ tracks: [CaseTrack]) -> [CaseTrack] {
        tracks.filter { $0.flips > 0 }.sorted {
            ($0.flipRate, $0.flips) != ($1.flipRate, $1.flips) ? ($0.flipRate, $0.flips) > ($1.flipRate, $1.flips)
                : ($0.suite, $0.caseID) < ($1.suite, $1.caseID)
        }
    }
}
