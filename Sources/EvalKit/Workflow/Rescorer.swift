import Foundation

/// `evalctl rescore RUN`: scores a run's stored outputs again with the scorers as they are now on disk, and stores
/// the result as a new run linked to its source (`runs.rescored_from`). No generation request is sent; a judge still
/// asks its judge (through the response cache when enabled). A result whose request would now render differently
/// (its prompt or vars changed) is left out and listed, never silently re-used.
public struct Rescorer: Sendable {
    public struct Options: Sendable {
        /// The run whose outputs are scored: an id, `latest` or a tag.
        public var source: String
        /// Eval set directories; empty: the ones the source run recorded.
        public var evalSetPaths: [String] = []
        public var configPath: String?
        public var databasePath: String
        /// How judges use the response cache (`--cache`), over each judge backend's `cache:`.
        public var cacheMode: CacheMode?
        public var tag: String?
        public var commandLine = ""

        public init(source: String, databasePath: String) {
            self.source = source
            self.databasePath = databasePath
        }
    }

    public struct Outcome: Sendable {
        public let sourceID: Int64
        public let summary: RunSummary
        public let verdict: Verdict
        /// Results scored again.
        public let rescored: Int
        /// Results left out, each with why (`qa/capital-7: its request changed (prompt or vars)`).
        public let leftOut: [String]
    }

    public let options: Options
    public let environment: [String: String]
    let scorerRegistry = ScorerRegistry.standard

    public init(options: Options, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.environment = environment
    }

    public func run() async throws -> Outcome {
        let store = try StoreLocation.open(options.databasePath, create: false)
        let sourceID = try await store.runID(for: options.source)
        let source = try await store.summary(ofRun: sourceID)
        if let tag = options.tag { try RunTag.checkName(tag) }
        let evalSets = try loadEvalSets(for: source)
        let judgeConfigs = try judgeConfigs(for: evalSets)
        var judges: [String: any ModelBackend] = [:]
        for config in judgeConfigs {
            let mode = options.cacheMode ?? config.cache ?? .off
            var buildable = config
            if mode == .only { buildable.apiKeyEnvironmentVariable = nil }
            let built: any ModelBackend
            do {
                built = try BackendRegistry.standard.make(buildable, environment: environment)
            } catch let error as BackendError {
                if case .missingAPIKey = error {
                    throw InvalidInput([InputProblem(file: options.configPath ?? EvalConfig.defaultFileName, line: nil, message: "backend '\(config.name)': \(error)")])
                }
                throw error
            }
            judges[config.name] = mode == .off ? built : CachingBackend(built, mode: mode, store: store)
        }
        var record = RunRecord(
            startedAt: Date(), finishedAt: nil, status: .running, gitCommit: GitInfo.currentCommit(),
            evalctlVersion: EvalKitVersion.current, configHash: source.run.configHash, tag: options.tag,
            hostname: ProcessInfo.processInfo.hostName, command: options.commandLine,
            caseSelection: source.run.caseSelection).owned(by: .current())
        record.rescoredFrom = sourceID
        let runID = try await store.insertRun(record)
        var status = RunStatus.completed
        var leftOut: [String] = []
        var rescored = 0
        do {
            var started: [String: StartedBackend] = [:]
            for (name, backend) in judges {
                let pricing = judgeConfigs.first { $0.name == name }?.pricing
                started[name] = StartedBackend(MeteredBackend(backend, pricing: pricing, role: .judging), model: try await backend.start())
            }
            var scorers: [String: [any Scorer]] = [:]
            for evalSet in evalSets.values {
                scorers[evalSet.name] = try scorerRegistry.makeScorers(for: evalSet, backends: started)
            }
            (rescored, leftOut) = try await rescore(source, evalSets: evalSets, scorers: scorers, into: runID, store: store)
        } catch is CancellationError {
            status = .interrupted
        } catch {
            status = .failed
            let finalStatus = status
            try await Task { for judge in judges.values { await judge.shutdown() }; try await store.finishRun(id: runID, status: finalStatus) }.value
            throw error
        }
        let finalStatus = status
        let tag = options.tag
        let summary = try await Task {
            for judge in judges.values { await judge.shutdown() }
            try await store.finishRun(id: runID, status: finalStatus)
            if finalStatus == .completed, let tag { try await store.tag(run: runID, as: tag) }
            return try await store.summary(ofRun: runID)
        }.value
        var verdict = RunOrchestrator.verdict(summary, runStatus: status)
        // Every output left out: the new run measured nothing, which must not read as a pass.
        if rescored == 0 && !leftOut.isEmpty { verdict.unusable = true }
        return Outcome(sourceID: sourceID, summary: summary, verdict: verdict, rescored: rescored, leftOut: leftOut)
    }

    /// The eval sets the source run's suites name, from `--evalset` or the directories the run recorded.
    private func loadEvalSets(for source: RunSummary) throws -> [String: EvalSet] {
        var paths = options.evalSetPaths
        if paths.isEmpty {
            guard let plan = source.run.plan.flatMap(RunPlan.decode) else {
                throw InvalidInput([InputProblem(file: "--evalset", line: nil, message:
                    "run \(source.run.id) did not record its eval set directories (stored by an older evalctl, or itself rescored): give them with --evalset DIR")])
            }
            paths = plan.evalsets
        }
        let loader = EvalSetLoader(scorerCheck: scorerRegistry.specCheck)
        var problems: [InputProblem] = []
        var evalSets: [String: EvalSet] = [:]
        for path in paths {
            do {
                let evalSet = try loader.load(path)
                evalSets[evalSet.name] = evalSet
            } catch {
                problems += error.problems
            }
        }
        if problems.isEmpty {
            for name in Set(source.suites.map(\.suite.evalset)).sorted() where evalSets[name] == nil {
                problems.append(InputProblem(file: "--evalset", line: nil, message:
                    "run \(source.run.id) has eval set '\(name)', which none of \(paths.joined(separator: ", ")) is: give its directory with --evalset DIR"))
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return evalSets
    }

    /// The backends the eval sets' judges call, from the config (needed only when a scorer calls a model).
    private func judgeConfigs(for evalSets: [String: EvalSet]) throws -> [BackendConfig] {
        var names: [(String, ScorerSpec)] = []
        for evalSet in evalSets.values {
            let scorers = try scorerRegistry.makeScorers(for: evalSet)
            for (spec, scorer) in zip(evalSet.scorerSpecs, scorers) { names += scorer.backendNames.map { ($0, spec) } }
        }
        guard !names.isEmpty else { return [] }
        let path = options.configPath ?? EvalConfig.defaultFileName
        let config = try EvalConfig.load(path: path, environment: environment)
        var configs: [BackendConfig] = []
        var problems: [InputProblem] = []
        for (name, spec) in names where !configs.contains(where: { $0.name == name }) {
            guard let backend = config.backend(named: name) else {
                problems.append(spec.problem("backend '\(name)' is not in \(path)"))
                continue
            }
            configs.append(backend)
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return configs
    }

    /// Scores each stored output of `source` into run `runID`, at most 8 at a time; returns how many were scored and
    /// what was left out.
    private func rescore(_ source: RunSummary, evalSets: [String: EvalSet], scorers: [String: [any Scorer]], into runID: Int64,
                         store: any ResultStore) async throws -> (Int, [String]) {
        var suiteIDs: [Int64: Int64] = [:]
        for suite in source.suites {
            let evalSet = evalSets[suite.suite.evalset]!
            var copy = suite.suite.fields
            copy.runID = runID
            (copy.evalsetHash, copy.evalsetVersion, copy.minPassRate) = (evalSet.contentHash, evalSet.version, evalSet.minPassRate)
            suiteIDs[suite.suite.id] = try await store.insertSuite(copy, scorers: (scorers[evalSet.name] ?? []).map { ($0.name, $0.scoreScale) })
        }
        let writer = ResultWriter(store: store)
        var leftOut: [String] = []
        var rescored = 0
        let results = try await store.results(ofRun: source.run.id)
        try await withThrowingTaskGroup(of: (ResultEntry, Bool).self) { group in
            var running = 0
            for stored in results {
                let old = stored.result
                let evalSet = evalSets[old.evalset]!
                let label = "\(old.evalset)/\(old.caseID)" + (old.repeatIndex > 0 ? " [repeat \(old.repeatIndex + 1)]" : "")
                guard let evalCase = evalSet.cases.first(where: { $0.id == old.caseID }) else {
                    leftOut.append("\(label): the case is no longer in the eval set")
                    continue
                }
                guard let prompt = evalSet.prompt(id: old.promptID) else {
                    leftOut.append("\(label): prompt '\(old.promptID)' is no longer in the eval set")
                    continue
                }
                guard ChatRequest(messages: prompt.messages(for: evalCase)).storedJSON == old.request else {
                    leftOut.append("\(label): its request changed since the run (prompt or vars)")
                    continue
                }
                var result = old.fields
                result.runID = runID
                result.suiteID = suiteIDs[old.suiteID]!
                (result.evalsetHash, result.evalsetVersion, result.caseHash) = (evalSet.contentHash, evalSet.version, evalCase.contentHash)
                result.costUSD = 0
                result.judgeCostUSD = nil
                result.fromCache = false
                result.completedAt = Date()
                guard let output = old.output, old.status == .passed || old.status == .failed else {
                    // An error or a skipped cell has no output to score: it is carried over as it was.
                    try await writer.submit(ResultEntry(result: result, scores: []))
                    continue
                }
                if running >= 8, let (entry, scored) = try await group.next() {
                    running -= 1
                    try await writer.submit(entry)
                    if scored { rescored += 1 }
                }
                running += 1
                let suiteScorers = scorers[evalSet.name] ?? []
                group.addTask {
                    let ledger = CaseLedger()
                    let (scores, error) = try await CaseLedger.$current.withValue(ledger) {
                        try await CaseScoring.score(ScoringInput(evalCase: evalCase, output: output), with: suiteScorers)
                    }
                    var scoredResult = result
                    scoredResult.status = error != nil ? .error : (scores.allSatisfy(\.passed) ? .passed : .failed)
                    (scoredResult.error, scoredResult.errorKind) = (error?.message, error?.kind)
                    let entries = ledger.entries
                    scoredResult.judgeCostUSD = entries.judgingCostUSD
                    return (ResultEntry(result: scoredResult, scores: scores, cacheEntries: entries.answersToRecord,
                                        cacheKeysUsed: entries.keysRead), true)
                }
            }
            for try await (entry, scored) in group {
                try await writer.submit(entry)
                if scored { rescored += 1 }
            }
        }
        try await writer.drain()
        return (rescored, leftOut)
    }
}
