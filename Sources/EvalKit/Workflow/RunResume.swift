import Foundation

/// What a run was asked to run, stored with it (`runs.plan`) so `run --resume` can run the same matrix again: eval
/// set paths (as given, relative to where the run started), backends, prompts, repeats, the case selection and the
/// config file.
public struct RunPlan: Codable, Sendable, Equatable {
    public var evalsets: [String]
    public var backends: [String]
    public var prompts: [String]
    public var repeats: Int
    public var config: String?
    public var cases: [String]
    public var caseTags: [String]
    public var limit: Int?
    public var sample: Int?
    public var seed: UInt64

    enum CodingKeys: String, CodingKey {
        case evalsets, backends, prompts, repeats, config, cases, limit, sample, seed
        case caseTags = "case_tags"
    }

    init(_ options: RunOptions, backends: [String]) {
        evalsets = options.evalSetPaths
        self.backends = backends
        prompts = options.promptIDs
        repeats = options.repeats
        config = options.configPath
        cases = options.selection.patterns
        caseTags = options.selection.tags
        limit = options.selection.limit
        sample = options.selection.sample
        seed = options.selection.seed
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ json: String) -> RunPlan? {
        try? JSONDecoder().decode(RunPlan.self, from: Data(json.utf8))
    }

    var selection: CaseSelection {
        CaseSelection(patterns: cases, tags: caseTags, limit: limit, sample: sample, seed: seed)
    }
}

/// A stopped run that `run --resume` continues: its id, its suites by eval set, prompt and backend, and what each of
/// its cells holds.
struct ResumeTarget: Sendable {
    let runID: Int64
    let summary: RunSummary
    let plan: RunPlan
    let cells: [CellKey: ResultStatus]

    /// Loads the run `reference` names and checks it can be resumed: stopped (interrupted, failed, abandoned, at its
    /// budget, or completed with errors and `--retry-errors`), with no live owner, and stored with its plan.
    static func load(_ reference: String, store: any ResultStore, retryErrors: Bool) async throws -> ResumeTarget {
        let id = try await store.runID(for: reference)
        let summary = try await store.summary(ofRun: id)
        func refuse(_ message: String) -> InvalidInput {
            InvalidInput([InputProblem(file: "--resume", line: nil, message: "cannot resume run \(id): \(message)")])
        }
        if let count = summary.run.shardCount {
            throw refuse("it is a sharded run (run key '\(summary.run.runKey ?? "")'); resume one of its shards with "
                + "--resume \(id) --shard K/\(count), or run that shard's command again")
        }
        switch summary.run.status {
        case .running:
            switch summary.ownerLiveness {
            case .unknown(let why)?:
                throw refuse("it is stored as running and its owner cannot be checked (\(why)); resume it from that host")
            default:
                let owner = summary.run.owner.map { "process \($0.pid) on \($0.host)" } ?? "another process"
                throw refuse("it is still running (\(owner)); wait for it to finish, or stop it first")
            }
        case .completed where !retryErrors || summary.errored == 0:
            throw refuse(summary.errored == 0 ? "it completed; there is nothing left to run"
                         : "it completed; add --retry-errors to send its \(summary.errored) errored cases again")
        default:
            break
        }
        if summary.run.rescoredFrom != nil { throw refuse("it is a rescored run (its outputs came from run \(summary.run.rescoredFrom!)); nothing was sent") }
        guard let json = summary.run.plan, let plan = RunPlan.decode(json) else {
            throw refuse("it was stored by an older evalctl without its plan; start a new run")
        }
        return ResumeTarget(runID: id, summary: summary, plan: plan, cells: try await store.storedCells(ofRun: id))
    }

    /// The options of the run to resume: its own plan, with this invocation's other flags (cache, budget, reports,
    /// concurrency). Matrix flags given again must agree with the plan.
    func options(from given: RunOptions, givenRepeats: Int?) throws(InvalidInput) -> RunOptions {
        var problems: [InputProblem] = []
        func disagree(_ flag: String, _ given: String, _ stored: String) {
            problems.append(InputProblem(file: flag, line: nil, message: "run \(runID) ran \(stored), not \(given): --resume runs the run's own matrix (leave the flag out)"))
        }
        if !given.evalSetPaths.isEmpty, given.evalSetPaths.map(Self.normalized) != plan.evalsets.map(Self.normalized) {
            disagree("eval sets", given.evalSetPaths.joined(separator: " "), plan.evalsets.joined(separator: " "))
        }
        if !given.backendNames.isEmpty, given.backendNames != plan.backends {
            disagree("--backend", given.backendNames.joined(separator: ", "), "backends " + plan.backends.joined(separator: ", "))
        }
        if !given.promptIDs.isEmpty, given.promptIDs != plan.prompts {
            disagree("--prompt", given.promptIDs.joined(separator: ", "), plan.prompts.isEmpty ? "the default prompts" : "prompts " + plan.prompts.joined(separator: ", "))
        }
        if let givenRepeats, givenRepeats != plan.repeats { disagree("--repeat", String(givenRepeats), "\(plan.repeats) repeats") }
        if !given.selection.isEmpty, given.selection != plan.selection {
            disagree("case selection", given.selection.description, plan.selection.isEmpty ? "every case" : plan.selection.description)
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        var options = given
        options.evalSetPaths = plan.evalsets
        options.backendNames = plan.backends
        options.promptIDs = plan.prompts
        options.repeats = plan.repeats
        options.selection = plan.selection
        if given.configPath == nil || given.configPath == EvalConfig.defaultFileName { options.configPath = plan.config ?? given.configPath }
        return options
    }

    /// What changed since the run started, so resuming would mix two different runs: eval sets, prompts, backends.
    /// `identities` is each run backend's configuration now, compared field by field with what its suites recorded.
    func changes(in prepared: RunOrchestrator.Plan, identities: [String: BackendIdentity]) -> [InputProblem] {
        var problems: [InputProblem] = []
        let stored = Dictionary(summary.suites.map { (SuiteKey($0.suite.fields), $0.suite) }, uniquingKeysWith: { first, _ in first })
        for suite in prepared.matrix.suites {
            let key = SuiteKey(evalset: suite.evalSet.name, promptID: suite.prompt.id, backend: suite.backendName)
            guard let before = stored[key] else {
                problems.append(InputProblem(file: "--resume", line: nil, message: "run \(runID) has no suite \(key); the matrix changed"))
                continue
            }
            if before.evalsetHash != suite.evalSet.contentHash {
                problems.append(InputProblem(file: "--resume", line: nil, message:
                    "eval set '\(suite.evalSet.name)' changed since run \(runID) started (content \(before.evalsetHash.prefix(12)) → \(suite.evalSet.contentHash.prefix(12)))"))
            }
            if before.promptHash != suite.prompt.contentHash {
                problems.append(InputProblem(file: "--resume", line: nil, message:
                    "prompt '\(suite.prompt.id)' of eval set '\(suite.evalSet.name)' changed since run \(runID) started"))
            }
        }
        if prepared.configHash != summary.run.configHash {
            problems += backendChanges(prepared, identities: identities)
        }
        var seen = Set<String>()
        return problems.filter { seen.insert($0.message).inserted }
    }

    /// Which backend field changed (`backend 'openai' changed since run 7 started: model gpt-4o → gpt-4.1`), from the
    /// configuration each suite recorded. Judge and fallback backends are recorded only in the run's config hash, as
    /// are run backends stored before schema v14: when no recorded field differs, those are named as a whole.
    func backendChanges(_ prepared: RunOrchestrator.Plan, identities: [String: BackendIdentity]) -> [InputProblem] {
        // Keys that are no part of the config hash: changing them alone does not refuse a resume, so they are no cause.
        let unhashed: Set<String> = ["api_key_env", "server_binary", "context_size"]
        var recorded: [String: BackendIdentity] = [:]
        for suite in summary.suites { if let identity = suite.suite.identity { recorded[suite.suite.backend] = identity } }
        var problems: [InputProblem] = []
        for config in prepared.configs {
            let fields = ChangeAttribution.backendConfig(recorded[config.name], identities[config.name]).compactMap { cause -> String? in
                guard case .backendConfig(let field, let old, let new) = cause, !unhashed.contains(field) else { return nil }
                return "\(field) \(old) → \(new)"
            }
            if !fields.isEmpty {
                problems.append(InputProblem(file: "--resume", line: nil, message:
                    "backend '\(config.name)' changed since run \(runID) started: \(fields.joined(separator: "; "))"))
            }
        }
        guard problems.isEmpty else { return problems }
        let unrecorded = (prepared.configs.filter { recorded[$0.name] == nil } + prepared.judgeConfigs + prepared.fallbackConfigs).map(\.name)
        let names = unrecorded.isEmpty ? prepared.allConfigs.map(\.name) : unrecorded
        return [InputProblem(file: "--resume", line: nil, message:
            "the configuration of backend\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")) changed since run \(runID) started "
                + "(only a hash of it is recorded: compare its type, base_url, model and params with what they were)")]
    }

    /// The stored suite id of each suite of `matrix`, in matrix order.
    func suiteIDs(for matrix: RunMatrix) -> [Int64] {
        let stored = Dictionary(summary.suites.map { (SuiteKey($0.suite.fields), $0.suite.id) }, uniquingKeysWith: { first, _ in first })
        return matrix.suites.map { stored[SuiteKey(evalset: $0.evalSet.name, promptID: $0.prompt.id, backend: $0.backendName)] ?? -1 }
    }

    /// Missing and skipped cells are sent; errored ones too with `--retry-errors`; passes and fails stay.
    func action(_ cell: CellKey, retryErrors: Bool) -> EvalRunner.CellAction {
        Self.action(for: cells[cell], retryErrors: retryErrors)
    }

    /// The same for a cell stored with `status` (nil: not stored).
    static func action(for status: ResultStatus?, retryErrors: Bool) -> EvalRunner.CellAction {
        switch status {
        case nil: .send
        case .skipped?: .sendReplacing
        case .error? where retryErrors: .sendReplacing
        default: .leave
        }
    }

    private static func normalized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
