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

    /// Nothing could be rescored: every stored output's request changed (or its case or prompt is gone). No run is
    /// stored; exit 2.
    public struct Refusal: Error, DescribedError {
        public let sourceID: Int64
        /// Each result left out, with why (`qa/capital-7: its request changed since the run (prompt or vars)`).
        public let leftOut: [String]

        public var description: String {
            "nothing could be rescored: every stored output of run \(sourceID) was left out, so no run was stored "
                + "(start a new run with `evalctl run`)"
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
        // Checked before the run is stored: a rescore that can score nothing must not leave an empty run as `latest`.
        let leftOutEverything = try await Self.leftOutEverything(source, evalSets: evalSets, store: store)
        guard leftOutEverything.isEmpty else { throw Refusal(sourceID: sourceID, leftOut: leftOutEverything) }
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
            let suites: [(evalSet: EvalSet, scorers: [any Scorer], suiteID: Int64)]
            (rescored, leftOut, suites) = try await rescore(source, evalSets: evalSets, scorers: scorers, into: runID, store: store)
            try await RunOrchestrator.storeCorpusMetrics(suites, store: store)
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
        let verdict = RunOrchestrator.verdict(summary, runStatus: status)
        return Outcome(sourceID: sourceID, summary: summary, verdict: verdict, rescored: rescored, leftOut: leftOut)
    }

    /// What each of `source`'s results would be left out for, when every one with an output to score would be (its
    /// request changed, its case or prompt is gone); empty as soon as one can be scored. Reads a page at a time and
    /// stops at the first result that can be scored.
    static func leftOutEverything(_ source: RunSummary, evalSets: [String: EvalSet], store: any ResultStore) async throws -> [String] {
        struct Scorable: Error {}
        let casesByID = evalSets.mapValues { CasesByID($0.cases) }
        let suiteIDs = Dictionary(uniqueKeysWithValues: source.suites.map { ($0.suite.id, $0.suite.id) })
        var leftOut: [String] = []
        do {
            for suite in source.suites {
                try await store.forEachResultPage(ofSuite: suite.suite.id) { page in
                    for stored in page {
                        switch Self.prepare(stored, evalSets: evalSets, casesByID: casesByID, runID: source.run.id, suiteIDs: suiteIDs) {
                        case .leftOut(let why): leftOut.append(why)
                        case .carried: continue
                        case .score: throw Scorable()
                        }
                    }
                }
            }
        } catch is Scorable {
            return []
        }
        return leftOut
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
                         store: any ResultStore) async throws -> (Int, [String], [(evalSet: EvalSet, scorers: [any Scorer], suiteID: Int64)]) {
        var suiteIDs: [Int64: Int64] = [:]
        var suites: [(evalSet: EvalSet, scorers: [any Scorer], suiteID: Int64)] = []
        for suite in source.suites {
            let evalSet = evalSets[suite.suite.evalset]!
            var copy = suite.suite.fields
            copy.runID = runID
            (copy.evalsetHash, copy.evalsetVersion, copy.minPassRate) = (evalSet.contentHash, evalSet.version, evalSet.minPassRate)
            copy.evalsetDataHash = evalSet.dataHash
            let id = try await store.insertSuite(copy, scorers: (scorers[evalSet.name] ?? []).map { ($0.name, $0.scoreScale) })
            suiteIDs[suite.suite.id] = id
            suites.append((evalSet, scorers[evalSet.name] ?? [], id))
        }
        let writer = ResultWriter(store: store)
        let casesByID = evalSets.mapValues { CasesByID($0.cases) }
        var leftOut: [String] = []
        var rescored = 0
        try await withThrowingTaskGroup(of: ResultEntry.self) { group in
            var running = 0
            // A page of stored results at a time: memory does not grow with the run.
            for sourceSuite in source.suites {
                try await store.forEachResultPage(ofSuite: sourceSuite.suite.id) { page in
                    for stored in page {
                        switch Self.prepare(stored, evalSets: evalSets, casesByID: casesByID, runID: runID, suiteIDs: suiteIDs) {
                        case .leftOut(let why):
                            leftOut.append(why)
                        case .carried(let result):
                            try await writer.submit(ResultEntry(result: result, scores: []))
                        case .score(let result, let evalCase, let output):
                            if running >= 8, let entry = try await group.next() {
                                running -= 1
                                rescored += 1
                                try await writer.submit(entry)
                            }
                            running += 1
                            let suiteScorers = scorers[result.evalset] ?? []
                            let evalSet = evalSets[result.evalset]
                            group.addTask {
                                try await Self.score(result, evalCase: evalCase, output: output, with: suiteScorers, flagging: evalSet)
                            }
                        }
                    }
                }
            }
            for try await entry in group {
                rescored += 1
                try await writer.submit(entry)
            }
        }
        try await writer.drain()
        return (rescored, leftOut, suites)
    }

    /// What becomes of one stored result: left out (its case, prompt or rendered request changed), carried over as it
    /// was (an error or a skipped cell has no output to score), or scored again.
    enum Preparation {
        case leftOut(String)
        case carried(ResultRecord)
        case score(ResultRecord, EvalCase, output: String)
    }

    static func prepare(_ stored: StoredResult, evalSets: [String: EvalSet], casesByID: [String: CasesByID], runID: Int64,
                        suiteIDs: [Int64: Int64]) -> Preparation {
        let old = stored.result
        let label = "\(old.evalset)/\(old.caseID)" + (old.repeatIndex > 0 ? " [repeat \(old.repeatIndex + 1)]" : "")
        guard let evalSet = evalSets[old.evalset], let suiteID = suiteIDs[old.suiteID] else { return .leftOut("\(label): its eval set was not given") }
        guard let evalCase = casesByID[old.evalset]?[old.caseID] else { return .leftOut("\(label): the case is no longer in the eval set") }
        guard let prompt = evalSet.prompt(id: old.promptID) else { return .leftOut("\(label): prompt '\(old.promptID)' is no longer in the eval set") }
        guard ChatRequest(messages: prompt.messages(for: evalCase)).storedJSON == old.request else {
            return .leftOut("\(label): its request changed since the run (prompt or vars)")
        }
        var result = old.fields
        (result.runID, result.suiteID) = (runID, suiteID)
        (result.evalsetHash, result.evalsetVersion, result.caseHash) = (evalSet.contentHash, evalSet.version, evalCase.contentHash)
        // Nothing was paid for the answer this time, and it was not read from the cache.
        (result.costUSD, result.judgeCostUSD, result.fromCache, result.completedAt) = (0, nil, false, Date())
        guard let output = old.output, old.status == .passed || old.status == .failed else { return .carried(result) }
        return .score(result, evalCase, output: output)
    }

    /// Scores one output, its judge calls charged and cached through the case's ledger; `flagging`'s `flag:` rules
    /// decide its flags afresh.
    static func score(_ result: ResultRecord, evalCase: EvalCase, output: String, with scorers: [any Scorer],
                      flagging evalSet: EvalSet? = nil) async throws -> ResultEntry {
        let ledger = CaseLedger()
        let (scores, error) = try await CaseLedger.$current.withValue(ledger) {
            try await CaseScoring.score(ScoringInput(evalCase: evalCase, output: output), with: scorers)
        }
        var scored = result
        scored.status = error != nil ? .error : (scores.allSatisfy(\.passed) ? .passed : .failed)
        (scored.error, scored.errorKind) = (error?.message, error?.kind)
        let flags = evalSet.map { CaseFlags.reasons($0, evalCase: evalCase, output: output, scores: scores, error: error) } ?? []
        scored.flags = flags.isEmpty ? nil : flags
        let entries = ledger.entries
        scored.judgeCostUSD = entries.judgingCostUSD
        return ResultEntry(result: scored, scores: scores, cacheEntries: entries.answersToRecord, cacheKeysUsed: entries.keysRead)
    }
}
