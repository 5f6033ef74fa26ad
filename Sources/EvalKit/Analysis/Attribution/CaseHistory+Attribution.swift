extension CaseHistory {
    /// The per-case history with flips that coincide with a recorded change that alters the question or who answers
    /// it (`ChangeCause.explainsFlips`: backend config, prompt, eval set, model served) not counted as flakiness.
    ///
    /// ```swift
    /// let cases = try await store.caseHistory(history).notCountingFlipsAtChanges(in: history)
    /// ```
    public func notCountingFlipsAtChanges(in history: RunHistory) -> CaseHistory {
        var changedAt: [SuiteKey: [Int64]] = [:]
        for suite in history.suites {
            changedAt[suite.key] = suite.attributedChanges(contentChanged: contentChanged)
                .filter { $0.causes.contains(where: \.explainsFlips) }.map(\.afterRunID)
        }
        guard changedAt.values.contains(where: { !$0.isEmpty }) else { return self }
        // A case missing from a run steps over it: a change anywhere in between explains the flip.
        return notCountingFlips { suite, before, after in
            changedAt[suite]?.contains { before < $0 && $0 <= after } ?? false
        }
    }
}
