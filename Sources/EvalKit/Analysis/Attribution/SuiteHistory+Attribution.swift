extension SuiteHistory {
    /// Every step between consecutive points where a recorded cause changed. `contentChanged` (the per-case
    /// history's `CaseHistory.contentChanged`) gives how many cases' content changed at each step.
    ///
    /// ```swift
    /// for change in suite.attributedChanges(contentChanged: cases.contentChanged) { print(change.afterRunID, change.summary) }
    /// ```
    public func attributedChanges(contentChanged: [CaseTrack] = []) -> [SuiteChange] {
        let changedCases = changedCaseCounts(contentChanged)
        return points.indices.dropFirst().compactMap { index in
            let before = points[index - 1], after = points[index]
            let causes = ChangeAttribution.causes(from: before, to: after, changedCases: changedCases[index, default: 0])
            return causes.isEmpty ? nil : SuiteChange(index: index, beforeRunID: before.runID, afterRunID: after.runID, causes: causes)
        }
    }

    /// By the later point's index: how many of this suite's cases changed content from the point before. One pass
    /// over the observations, so 200 runs × 1,000 changed cases stay fast.
    private func changedCaseCounts(_ tracks: [CaseTrack]) -> [Int: Int] {
        let indexOfRun = Dictionary(points.enumerated().map { ($1.runID, $0) }, uniquingKeysWith: { first, _ in first })
        var counts: [Int: Int] = [:]
        for track in tracks where track.suite == key {
            for (old, new) in zip(track.observations, track.observations.dropFirst()) where old.caseHash != new.caseHash {
                if let before = indexOfRun[old.runID], let after = indexOfRun[new.runID], after == before + 1 { counts[after, default: 0] += 1 }
            }
        }
        return counts
    }
}
