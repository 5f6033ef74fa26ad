import Foundation

/// `evalctl run` from start to finish: checks all input before any model is called, records the run, starts the
/// backends, runs the matrix, always stops the backends, writes JUnit, and decides the exit status.
public struct RunOrchestrator: Sendable {
    public let options: RunOptions
    public let environment: [String: String]
    /// Builds each eval set's scorers: once to check them, again once the backends a judge calls have started.
    let scorerRegistry = ScorerRegistry.standard

    public init(options: RunOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.options = options
        self.environment = environment
    }

    /// What `prepare` found: the matrix, the backends it runs on, and the backends judges call.
    public struct Plan: Sendable {
        public let matrix: RunMatrix
        public let configs: [BackendConfig]
        /// Judge backends that are not also run backends.
        public let judgeConfigs: [BackendConfig]
        /// Fallback backends (`fallback:`) that are neither run nor judge backends.
        public var fallbackConfigs: [BackendConfig] = []
        /// Every backend the run may send to: run, judge and fallback backends.
        public var allConfigs: [BackendConfig] { configs + judgeConfigs + fallbackConfigs }
        public let configHash: String
        /// How each backend (run and judge) uses the response cache.
        public let cacheModes: [String: CacheMode]
        /// The cost budget in US dollars, if any (`--max-cost`, else `max_cost_usd`).
        public let budgetUSD: Double?
    }

    /// The result of a finished (or interrupted) run.
    public struct Outcome: Sendable {
        public let summary: RunSummary
        /// What the run found; its `exitStatus` is the run's exit code.
        public let verdict: Verdict
        public var status: ExitStatus { verdict.exitStatus }
        /// Why the run stopped early, if it did (backend failed to start, interrupted).
        public let failure: String?
        /// Seconds from the first request to the last stored result (nil if the run did not get that far).
        public let duration: Double?
        /// Each suite's figures (latency medians, answering model), computed by the store for the summary.
        public let suiteFigures: [Int64: SuiteResultFigures]
        /// The run against `--baseline`, when one was given and the run completed.
        public let comparison: RunComparison?
        /// Why the run could not be compared with its baseline.
        public let comparisonFailure: ComparisonError?
        /// Reports (`--junit`, `--html`) that could not be written; the run and its results are stored all the same.
        public let reportFailures: [ReportFileError]
        /// Set when the run stopped at its cost budget: `stopped at the cost budget: $5.00 spent, 412 of 1,000 cases skipped`.
        public let budgetStop: String?
        /// With `--resume`: how many cells this invocation sent, of the run's cells.
        public let resumed: (sent: Int, of: Int)?
        /// The run's most frequent error reasons (at most 5), for the error summary.
        public var errorReasons: [ErrorReason] = []
        /// What each backend's circuit breaker and quota did.
        public var health: [BackendHealth] = []
        /// With `--shard`: what this shard did, and where the run stands.
        public var shard: ShardOutcome?
        /// Where the HTML report (`--html`) was written: for a completed or budget-stopped run, unless writing failed.
        public var htmlReport: String?
    }

    /// Loads and checks everything; throws `InvalidInput` (exit 2) before anything is stored or sent.
    public func prepare() throws(InvalidInput) -> Plan {
        let loader = EvalSetLoader(scorerCheck: scorerRegistry.specCheck)
        var problems: [InputProblem] = []
        var loaded: [EvalSet] = []
        for path in options.evalSetPaths {
            do {
                loaded.append(try loader.load(path))
            } catch {
                problems += error.problems
            }
        }
        problems += options.selection.problems
        var selected = loaded
        if problems.isEmpty {
            do {
                selected = try options.selection.apply(to: loaded)
            } catch {
                problems += error.problems
            }
        }
        var evalSets: [ScoredEvalSet] = []
        for evalSet in selected {
            do {
                evalSets.append(ScoredEvalSet(evalSet, scorers: try scorerRegistry.makeScorers(for: evalSet)))
            } catch {
                problems += error.problems
            }
        }
        let configPath = options.configPath ?? EvalConfig.defaultFileName
        var config: EvalConfig?
        if options.configPath != nil || FileManager.default.fileExists(atPath: configPath) {
            do {
                config = try EvalConfig.load(path: configPath, environment: environment)
            } catch {
                problems += error.problems
            }
        } else {
            problems.append(InputProblem(file: configPath, line: nil, message: "no config file: create evalctl.yaml with a backends: section, or pass --config FILE"))
        }
        var configs: [BackendConfig] = []
        if let config {
            let names = options.backendNames.isEmpty ? config.backends.prefix(1).map(\.name) : options.backendNames
            if names.isEmpty { problems.append(InputProblem(file: config.path, line: nil, message: "no backends configured")) }
            for name in names {
                guard var backend = config.backend(named: name) else {
                    problems.append(InputProblem(file: "--backend", line: nil, message: "no backend '\(name)' in \(config.path)"
                        + NameSuggestion.hint(for: name, among: config.backends.map(\.name))
                        + " (available: \(config.backends.map(\.name).joined(separator: ", ")))"))
                    continue
                }
                if let concurrency = options.concurrency { backend.concurrency = concurrency }
                configs.append(backend)
            }
        }
        for (flag, path) in [("--junit", options.junitPath), ("--html", options.htmlPath)] {
            guard let path else { continue }
            do {
                try ReportFile.checkWritable(path)
            } catch {
                problems.append(InputProblem(file: flag, line: nil, message: "\(error)"))
            }
        }
        problems += Self.shardProblems(options)
        if let concurrency = options.concurrency, concurrency < 1 {
            problems.append(InputProblem(file: "--concurrency", line: nil, message: "must be at least 1"))
        }
        var judgeConfigs: [BackendConfig] = []
        for scored in evalSets {
            for (spec, scorer) in zip(scored.evalSet.scorerSpecs, scored.scorers) {
                for name in scorer.backendNames {
                    guard let judgeConfig = config?.backend(named: name) else {
                        if config != nil { problems.append(spec.problem("backend '\(name)' is not in \(configPath)")) }
                        continue
                    }
                    if !configs.contains(where: { $0.name == judgeConfig.name }), !judgeConfigs.contains(where: { $0.name == judgeConfig.name }) {
                        judgeConfigs.append(judgeConfig)
                    }
                }
            }
        }
        var fallbackConfigs: [BackendConfig] = []
        for name in configs.flatMap(\.fallback) where !(configs + judgeConfigs + fallbackConfigs).contains(where: { $0.name == name }) {
            if let fallback = config?.backend(named: name) { fallbackConfigs.append(fallback) }
        }
        let budget = options.maxCostUSD ?? config?.maxCostUSD
        if let budget {
            if !(budget > 0) || !budget.isFinite {
                problems.append(InputProblem(file: "--max-cost", line: nil, message: "must be a positive number of US dollars, e.g. --max-cost 5"))
            }
            for backend in configs + judgeConfigs + fallbackConfigs where backend.pricing == nil {
                problems.append(InputProblem(file: "--max-cost", line: nil, message:
                    "backend '\(backend.name)' has no cost_per_mtok, so its cost cannot be counted: add its prices to \(configPath) (a local model: cost_per_mtok: {input: 0, output: 0})"))
            }
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        let matrix = try RunMatrix(evalSets: evalSets, promptIDs: options.promptIDs, backendNames: configs.map(\.name), repeats: options.repeats)
        let all = configs + judgeConfigs + fallbackConfigs
        let configHash = SHA256.hex(all.map(\.contentHash).joined(separator: ","))
        let cacheModes = Dictionary(all.map { ($0.name, options.cacheMode ?? $0.cache ?? .off) }, uniquingKeysWith: { first, _ in first })
        var plan = Plan(matrix: matrix, configs: configs, judgeConfigs: judgeConfigs, configHash: configHash, cacheModes: cacheModes,
                        budgetUSD: budget)
        plan.fallbackConfigs = fallbackConfigs
        return plan
    }

    /// Runs the prepared matrix, or with `--resume` what the stopped run has left. Backends are shut down whatever
    /// happens, cancellation (Ctrl-C) included.
    public func run(progress: any RunProgressObserver) async throws -> Outcome {
        guard let reference = options.resume else { return try await execute(resuming: nil, progress: progress) }
        let store = try StoreLocation.open(options.databasePath, create: false)
        if let shard = options.shard {
            // A shard is resumed by running it again: its earlier attempt's cells are not sent twice.
            let resumed = RunOrchestrator(options: try await ShardSlot.resumeOptions(reference, shard: shard, options: options, store: store),
                                          environment: environment)
            return try await resumed.execute(resuming: nil, progress: progress)
        }
        let target = try await ResumeTarget.load(reference, store: store, retryErrors: options.retryErrors)
        let resumed = RunOrchestrator(
            options: try target.options(from: options, givenRepeats: options.repeatsGiven ? options.repeats : nil), environment: environment)
        return try await resumed.execute(resuming: target, progress: progress)
    }

    private func execute(resuming target: ResumeTarget?, progress: any RunProgressObserver) async throws -> Outcome {
        let plan = try prepare()
        if let target {
            let changes = target.changes(in: plan, identities: backendIdentities(plan.configs))
            guard changes.isEmpty else { throw InvalidInput(changes) }
        }
        var matrix = plan.matrix
        let configHash = plan.configHash
        var built: [String: any ModelBackend] = [:]
        for config in plan.allConfigs {
            var buildable = config
            // `--cache only` never asks the model, so it needs no key: CI runs a committed cassette without secrets.
            if plan.cacheModes[config.name] == .only { buildable.apiKeyEnvironmentVariable = nil }
            do {
                built[config.name] = try BackendRegistry.standard.make(buildable, environment: environment)
            } catch let error as BackendError {
                if case .missingAPIKey = error {
                    throw InvalidInput([InputProblem(file: options.configPath ?? EvalConfig.defaultFileName, line: nil, message: "backend '\(config.name)': \(error)")])
                }
                throw error
            }
        }
        let store = try StoreLocation.open(options.databasePath)
        if let tag = options.tag { try RunTag.checkName(tag) }
        // An unknown baseline is bad input: found out before any request is sent.
        let baselineID = if let baseline = options.baseline { try await store.runID(for: baseline) } else { Int64?.none }
        let runBackends = RunBackends(configs: plan.allConfigs, built: built, cacheModes: plan.cacheModes, store: store,
                                      environment: environment, report: { progress.backendEvent($0) })
        let backends = runBackends.startable
        let pricings = runBackends.pricings
        let runID: Int64
        var slot: ShardSlot?
        if let target {
            runID = target.runID
            try await store.reopenRun(id: runID, owner: .current(), maxCostUSD: plan.budgetUSD)
        } else {
            var record = RunRecord(
                startedAt: Date(), finishedAt: nil, status: .running, gitCommit: GitInfo.currentCommit(),
                evalctlVersion: EvalKitVersion.current, configHash: configHash, tag: options.tag,
                hostname: ProcessInfo.processInfo.hostName, command: options.commandLine,
                caseSelection: options.selection.isEmpty ? nil : options.selection.description)
            record.plan = RunPlan(options, backends: plan.configs.map(\.name)).json
            record.maxCostUSD = plan.budgetUSD
            if let shard = options.shard, let key = options.runKey {
                // A sharded run has no one owner: each shard records its own.
                record.matrixHash = ShardSlot.matrixHash(matrix, selection: options.selection)
                let claimed = try await ShardSlot.claim(shard, key: key, record: record, matrix: matrix, store: store)
                slot = claimed
                runID = claimed.runID
            } else {
                runID = try await store.insertRun(record.owned(by: .current()))
            }
        }
        let heartbeat = slot.map { slot in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: RunShard.heartbeatInterval)
                    try? await store.beatShardHeartbeat(runID: slot.runID, index: slot.shard.index, at: Date())
                }
            }
        }
        let budget = plan.budgetUSD.map { CostBudget(limitUSD: $0) }
        var sent = 0
        var failure: String?
        var duration: Double?
        var suiteIDs: [Int64] = []
        var runStatus = RunStatus.completed
        var counter: CountingProgress?
        do {
            let models = try await startBackends(backends)
            // Scorers are built again now that the backends a judge calls are running; what a judge costs is charged
            // to the case it judges.
            let started = Dictionary(uniqueKeysWithValues: backends.keys.compactMap { name in
                runBackends.judge(name).map { (name, StartedBackend($0, model: models[name] ?? "")) }
            })
            matrix = try matrix.rebuildingScorers { evalSet throws(InvalidInput) in
                try scorerRegistry.makeScorers(for: evalSet, backends: started)
            }
            if let target {
                suiteIDs = target.suiteIDs(for: matrix)
            } else {
                suiteIDs = try await insertSuites(matrix, runID: runID, models: models, pricings: pricings, configs: plan.configs, store: store,
                                                  joining: slot != nil)
            }
            var lanes: [String: any ModelBackend] = [:]
            var fallbacks: [String: [any ModelBackend]] = [:]
            for config in plan.configs {
                lanes[config.name] = runBackends.generation(config.name)
                fallbacks[config.name] = runBackends.fallbacks(of: config.name)
            }
            let retryErrors = options.retryErrors
            let progressCounter = CountingProgress(progress)
            counter = progressCounter
            duration = try await EvalRunner(store: store, progress: progressCounter).execute(
                matrix: matrix, runID: runID, suiteIDs: suiteIDs, models: models, backends: lanes, fallbacks: fallbacks,
                budget: budget, pricings: pricings,
                cells: Self.cellActions(matrix, suiteIDs: suiteIDs, shard: slot, resuming: target, retryErrors: retryErrors))
            sent = progressCounter.total
            if let budget, await budget.exhausted { runStatus = .budgetStopped }
        } catch is CancellationError {
            runStatus = .interrupted
            failure = "interrupted: the results finished before the interruption are stored"
        } catch {
            runStatus = .failed
            failure = "\(error)"
        }
        // Cleanup runs in a task of its own: after Ctrl-C this task is cancelled, and GRDB refuses to write from a
        // cancelled task, but the servers must stop and the run must be marked interrupted all the same.
        let finalStatus = runStatus
        let finalMatrix = matrix
        let junitPath = options.junitPath, htmlPath = options.htmlPath
        let storedSuiteIDs = suiteIDs
        let (tag, policy) = (options.tag, options.comparisonPolicy)
        let claimed = slot
        let (summary, suiteFigures, comparison, comparisonFailure, reportFailures, shardState, htmlWritten) = try await Task {
            for backend in backends.values { await backend.shutdown() }
            // The run's status once this process closes it: at once for a whole run; for a shard, only when it is the
            // last of the run's shards to finish (nil otherwise: the run goes on).
            var closing: RunStatus? = finalStatus
            var shardState: ShardedRunState?
            if let claimed {
                heartbeat?.cancel()
                let state = try await store.finishShard(runID: runID, index: claimed.shard.index, status: finalStatus, at: Date())
                shardState = state
                closing = state.allFinished ? state.runStatus : nil
            }
            // Everything after the run reads the store page by page or as aggregates, so memory stays flat however
            // many results there are; only a comparison with a baseline loads both runs' results.
            if let closing {
                if closing == .completed {
                    try await Self.storeCorpusMetrics(finalMatrix, suiteIDs: storedSuiteIDs, store: store)
                }
                try await store.finishRun(id: runID, status: closing)
                if closing == .completed, let tag { try await store.tag(run: runID, as: tag) }
            }
            var comparison: RunComparison?
            var comparisonFailure: ComparisonError?
            if finalStatus == .completed, let baselineID {
                do {
                    comparison = try await RunComparison.load(
                        store: store, baselineID: baselineID, candidateID: runID, policy: policy)
                } catch let error as ComparisonError {
                    comparisonFailure = error
                }
            }
            let summary = try await store.summary(ofRun: runID)
            let suiteFigures = try await store.suiteFigures(ofRun: runID)
            // A report that cannot be written is reported, never a reason to lose the run: its results are stored.
            var reportFailures: [ReportFileError] = []
            if let junitPath {
                do {
                    try await JUnitReport.write(run: summary, store: store, comparison: comparison, to: junitPath)
                } catch let error as ReportFileError {
                    reportFailures.append(error)
                }
            }
            // A budget-stopped run gets its report too: what it answered, and what it skipped, in the runs table.
            var htmlWritten: String?
            if let htmlPath, finalStatus == .completed || finalStatus == .budgetStopped {
                let filter = HistoryFilter(evalsets: Array(Set(summary.suites.map(\.suite.evalset))).sorted(),
                                           since: HistoryFilter.date(ago: HistoryFilter.defaultWindow))
                var report = try await HTMLReport.load(store: store, filter: filter, focusRunID: runID, baselineID: baselineID, policy: policy)
                report.title = "evalctl run \(runID)"
                report.databasePath = store.location
                do throws(ReportFileError) {
                    try ReportFile.write(report.html(), to: htmlPath)
                    htmlWritten = htmlPath
                } catch {
                    reportFailures.append(error)
                }
            }
            return (summary, suiteFigures, comparison, comparisonFailure, reportFailures, shardState, htmlWritten)
        }.value
        let errorReasons = summary.errored > 0 ? try await Task { try await store.errorReasons(ofRun: runID, limit: 5) }.value : []
        let health = await runBackends.health()
        var verdict = Self.verdict(summary, runStatus: runStatus, comparison: comparison, comparisonFailure: comparisonFailure,
                                   reportFailed: !reportFailures.isEmpty)
        var shardOutcome: ShardOutcome?
        if let claimed, let shardState {
            let own = counter?.last ?? RunProgress(total: 0)
            shardOutcome = ShardOutcome(slot: claimed, sent: own, state: shardState)
            // A shard answers for its own cells: the run's pass rates are judged once all shards are in (`runs wait`).
            verdict = Verdict(interrupted: runStatus == .interrupted,
                              errored: runStatus == .failed || runStatus == .budgetStopped || own.errored > 0)
        }
        var budgetStop: String?
        if runStatus == .budgetStopped, let budget {
            let cells = summary.total + summary.skipped
            budgetStop = "stopped at the cost budget: \(CostBudget.dollars(await budget.spentUSD)) spent, "
                + "\(summary.skipped.formatted()) of \(cells.formatted()) cases skipped (`evalctl run --resume \(runID)` continues)"
        }
        let cellCount = matrix.suites.reduce(0) { $0 + $1.evalSet.cases.count } * matrix.repeats
        var outcome = Outcome(summary: summary, verdict: verdict, failure: failure, duration: duration, suiteFigures: suiteFigures,
                              comparison: comparison, comparisonFailure: comparisonFailure, reportFailures: reportFailures,
                              budgetStop: budgetStop, resumed: target == nil ? nil : (sent, cellCount))
        (outcome.errorReasons, outcome.health, outcome.shard, outcome.htmlReport) = (errorReasons, health, shardOutcome, htmlWritten)
        return outcome
    }

    /// The run's findings: interrupted; errors or a failed start; a baseline that cannot be compared or a report
    /// that cannot be written; a regression or a suite below its `min_pass_rate` (which still applies with a baseline).
    static func verdict(_ summary: RunSummary, runStatus: RunStatus, comparison: RunComparison? = nil,
                        comparisonFailure: ComparisonError? = nil, reportFailed: Bool = false) -> Verdict {
        Verdict(interrupted: runStatus == .interrupted, errored: runStatus == .failed || runStatus == .budgetStopped || summary.errored > 0,
                unusable: comparisonFailure != nil || reportFailed,
                failedBar: comparison?.hasRegression == true || !summary.suites.allSatisfy(\.meetsMinimum),
                inconclusive: comparison?.verdict == .inconclusive)
    }
}
