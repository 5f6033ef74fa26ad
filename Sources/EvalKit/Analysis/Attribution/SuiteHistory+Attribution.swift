extension SuiteHistory {
    /// Every step between consecutive points where a recorded cause changed. `contentChanged` (the per-case
    /// history's `CaseHistory.contentChanged`) gives how many cases' content changed at each step.
    public func attributedChanges(contentChanged: [CaseTrack] = []) -> [SuiteChange] {
        let tracks = contentChanged.filter { $0.suite == key }
        return points.indices.dropFirst().compactMap { index in
            let before = points[index - 1], after = points[index]
            let changedCases = tracks.count { track in
                guard let old = track.observations.first(where: { $0.runID == before.runID }),
                      let new = track.observations.first(where: { $0.runID == after.runID }) else { return false }
                return old.caseHash != new.caseHash
            }
            let causes = ChangeAttribution.causes(from: before, to: after, changedCases: changedCases)
            return causes.isEmpty ? nil : SuiteChange(index: index, beforeRunID: before.runID, afterRunID: after.runID, causes: causes)
        }
    }
}
