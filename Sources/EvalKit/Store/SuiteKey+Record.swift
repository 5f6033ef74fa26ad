extension SuiteKey {
    /// The key of a stored suite.
    init(_ suite: SuiteRecord) {
        self.init(evalset: suite.evalset, promptID: suite.promptID, backend: suite.backend)
    }

    init(_ suite: Stored<SuiteRecord>) {
        self.init(suite.fields)
    }
}
