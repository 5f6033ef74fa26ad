import Foundation

/// The steps of a run around the runner: storing its suites, starting its backends, corpus figures at the end.
extension RunOrchestrator {
    /// Computes each corpus-level scorer (BLEU) over its suite's outputs, a page of results at a time, and stores the
    /// figure with the suite.
    static func storeCorpusMetrics(_ matrix: RunMatrix, suiteIDs: [Int64], store: any ResultStore) async throws {
        try await storeCorpusMetrics(zip(matrix.suites, suiteIDs).map { ($0.evalSet, $0.scorers, $1) }, store: store)
    }

    /// The same for suites given as eval set, scorers and stored suite id (`rescore`).
    static func storeCorpusMetrics(_ suites: [(evalSet: EvalSet, scorers: [any Scorer], suiteID: Int64)], store: any ResultStore) async throws {
        for suite in suites {
            let suiteID = suite.suiteID
            let scorers = suite.scorers.compactMap { $0 as? any CorpusScorer }
            guard !scorers.isEmpty else { continue }
            let casesByID = CasesByID(suite.evalSet.cases)
            var accumulators = scorers.map { $0.corpusAccumulator() }
            var outputs = 0
            try await store.forEachResultPage(ofSuite: suiteID) { page in
                for stored in page {
                    guard let output = stored.result.output, let evalCase = casesByID[stored.result.caseID] else { continue }
                    let input = ScoringInput(evalCase: evalCase, output: output)
                    for scorer in accumulators.indices { accumulators[scorer].add(input) }
                    outputs += 1
                }
            }
            for (scorer, accumulator) in zip(scorers, accumulators) where outputs > 0 {
                try await store.insertSuiteMetric(suiteID: suiteID, name: scorer.name, value: accumulator.score)
            }
        }
    }

    /// Which cells to send: those the shard owns, or those a resumed run still lacks; nil when every cell is sent (the
    /// runner then counts cells without reading every case once more).
    static func cellActions(
        _ matrix: RunMatrix, suiteIDs: [Int64], shard: ShardSlot?, resuming target: ResumeTarget?, retryErrors: Bool
    ) -> (@Sendable (CellKey) -> EvalRunner.CellAction)? {
        if let shard {
            let suiteEvalsets = Dictionary(zip(suiteIDs, matrix.suites.map(\.evalSet.name)), uniquingKeysWith: { first, _ in first })
            return { cell in shard.action(cell, evalset: suiteEvalsets[cell.suiteID] ?? "", retryErrors: retryErrors) }
        }
        if let target { return { cell in target.action(cell, retryErrors: retryErrors) } }
        return nil
    }

    func startBackends(_ backends: [String: any ModelBackend]) async throws -> [String: String] {
        var models: [String: String] = [:]
        for (name, backend) in backends {
            models[name] = try await backend.start()
        }
        return models
    }

    /// Each backend's configuration as a suite records it (`BackendIdentity`), secrets redacted, by name.
    func backendIdentities(_ configs: [BackendConfig]) -> [String: BackendIdentity] {
        Dictionary(configs.map { config in
            (config.name, config.identity(redactor: SecretRedactor(secrets: BackendRegistry.secrets(of: config, environment: environment))))
        }, uniquingKeysWith: { first, _ in first })
    }

    func insertSuites(_ matrix: RunMatrix, runID: Int64, models: [String: String], pricings: [String: TokenPricing],
                      configs: [BackendConfig], store: any ResultStore, joining: Bool = false) async throws -> [Int64] {
        // Recorded so a report can name a changed server, model or parameter as the cause of changed answers.
        let identities = backendIdentities(configs)
        var suites: [(record: SuiteRecord, scorers: [(name: String, scale: ScoreScale)])] = []
        for suite in matrix.suites {
            let scorers = suite.scorers.map { (name: $0.name, scale: $0.scoreScale) }
            let pricing = pricings[suite.backendName]
            var record = SuiteRecord(
                runID: runID, evalset: suite.evalSet.name, evalsetVersion: suite.evalSet.version,
                evalsetHash: suite.evalSet.contentHash, promptID: suite.prompt.id, promptHash: suite.prompt.contentHash,
                backend: suite.backendName, model: models[suite.backendName] ?? "", minPassRate: suite.evalSet.minPassRate,
                caseCount: suite.evalSet.cases.count, repeats: matrix.repeats,
                inputUSDPerMTok: pricing?.inputPerMillion, outputUSDPerMTok: pricing?.outputPerMillion)
            record.backendIdentity = identities[suite.backendName]?.json
            record.evalsetDataHash = suite.evalSet.dataHash
            suites.append((record, scorers))
        }
        // A shard finds the suites another shard stored, or stores them.
        if joining { return try await store.joinSuites(suites) }
        var ids: [Int64] = []
        for suite in suites { ids.append(try await store.insertSuite(suite.record, scorers: suite.scorers)) }
        return ids
    }
}

/// Passes progress on, remembering how many cells the run set out to send (a resumed run sends only what is left).
final class CountingProgress: RunProgressObserver {
    let base: any RunProgressObserver
    private let started = Mutex(0)
    private let latest = Mutex<RunProgress?>(nil)

    init(_ base: any RunProgressObserver) {
        self.base = base
    }

    var total: Int { started.withLock { $0 } }
    /// The counts as the run left them.
    var last: RunProgress? { latest.withLock { $0 } }

    func runStarted(_ progress: RunProgress) {
        started.withLock { $0 = progress.total }
        latest.withLock { $0 = progress }
        base.runStarted(progress)
    }

    func caseFinished(_ progress: RunProgress) {
        latest.withLock { $0 = progress }
        base.caseFinished(progress)
    }

    func backendEvent(_ event: BackendEvent) { base.backendEvent(event) }

    func runFinished(_ progress: RunProgress) {
        latest.withLock { $0 = progress }
        base.runFinished(progress)
    }

    func backendThrottled(_ backend: String, maximum: Int, lowest: Int, final: Int, times: Int) {
        base.backendThrottled(backend, maximum: maximum, lowest: lowest, final: final, times: times)
    }
}
