extension ChangedOutput {
    /// What was recorded as changed between the run of the earlier output and the run of the latest one (their suite
    /// points in `history`), with the model and fingerprint each answer itself reported. Empty: nothing recorded
    /// changed, so the difference is generation noise.
    public func causes(in history: RunHistory) -> [ChangeCause] {
        let points = history.suites.first { $0.key == suite }?.points ?? []
        func conditions(_ sample: Sample) -> SuiteConditions? {
            guard let point = points.first(where: { $0.runID == sample.runID }) else { return nil }
            var conditions = SuiteConditions(point)
            if !sample.model.isEmpty { conditions.servedModel = sample.model }
            conditions.fingerprint = sample.systemFingerprint
            return conditions
        }
        if let before = conditions(previous), let after = conditions(latest) {
            return ChangeAttribution.causes(from: before, to: after)
        }
        var causes: [ChangeCause] = []
        if previous.model != latest.model { causes.append(.modelServed(old: previous.model, new: latest.model)) }
        if let old = previous.systemFingerprint, let new = latest.systemFingerprint, old != new, previous.model == latest.model {
            causes.append(.fingerprint(old: old, new: new))
        }
        return causes
    }

    /// Whether both runs recorded their backend's configuration: without it, "nothing changed" cannot rule out a
    /// changed server or parameter.
    public func backendConfigRecorded(in history: RunHistory) -> Bool {
        let points = history.suites.first { $0.key == suite }?.points ?? []
        return [previous.runID, latest.runID].allSatisfy { runID in points.first { $0.runID == runID }?.suite.identity != nil }
    }
}
