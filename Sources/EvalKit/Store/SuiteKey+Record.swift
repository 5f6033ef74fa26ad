extension SuiteKey {
    /// The key of a stored suite.
    init(_ suite: SuiteRecord) {
        self.init(evalset: suite.evalset, promptID: suite.promptID, backend: suite.backend)
    }
}
