import Foundation

/// A row of `runs`: one invocation of `evalctl run`.
public struct RunRecord: Codable, Sendable {
    public var startedAt: Date
    public var finishedAt: Date?
    /// As stored (never `abandoned`); reads say abandoned for a running run whose owner is gone.
    public var status: RunStatus
    public var gitCommit: String?
    public var evalctlVersion: String
    public var configHash: String
    public var tag: String?
    /// The host the run started on: its owner's host.
    public var hostname: String
    public var command: String
    /// The owner process (see `RunOwner`); nil for runs stored before v7.
    public var ownerPID: Int32? = nil
    public var ownerStartTime: Int64? = nil
    public var ownerBootID: String? = nil
    /// The cases the run was limited to, as flags (`--case capital-* --limit 5`); nil when every case ran.
    public var caseSelection: String? = nil
    /// What `run --resume` runs again (`RunPlan` as JSON); nil for runs stored before v10 and for rescored runs.
    public var plan: String? = nil
    /// The cost budget (`--max-cost`), if one was set.
    public var maxCostUSD: Double? = nil
    /// The run whose outputs this run re-scored (`evalctl rescore`).
    public var rescoredFrom: Int64? = nil
    /// How many times `run --resume` continued this run.
    public var resumedCount: Int = 0
    /// The key shards of one sharded run share (`run --shard K/N --run-key KEY`); nil for a run of one process.
    public var runKey: String? = nil
    /// How many shards the run is split into; nil for a run of one process.
    public var shardCount: Int? = nil
    /// What the run's matrix is (eval sets and prompts with their content, backends, repeats, case selection), so a
    /// shard joining a run can check it runs the same matrix; nil for a run of one process.
    public var matrixHash: String? = nil

    enum CodingKeys: String, CodingKey {
        case status, tag, hostname, command, plan
        case startedAt = "started_at", finishedAt = "finished_at", gitCommit = "git_commit"
        case evalctlVersion = "evalctl_version", configHash = "config_hash"
        case ownerPID = "owner_pid", ownerStartTime = "owner_start_time", ownerBootID = "owner_boot_id"
        case caseSelection = "case_selection", maxCostUSD = "max_cost_usd", rescoredFrom = "rescored_from"
        case resumedCount = "resumed_count", runKey = "run_key", shardCount = "shard_count", matrixHash = "matrix_hash"
    }

    /// The process that runs (or ran) this run, if it was recorded.
    public var owner: RunOwner? {
        ownerPID.map { RunOwner(host: hostname, pid: $0, startTime: ownerStartTime, bootID: ownerBootID) }
    }

    /// This record with `owner` as the process that runs it.
    public func owned(by owner: RunOwner) -> RunRecord {
        var run = self
        (run.hostname, run.ownerPID, run.ownerStartTime, run.ownerBootID) = (owner.host, owner.pid, owner.startTime, owner.bootID)
        return run
    }

    /// The status to show: a run stored as running whose owner is gone is abandoned. The liveness is nil when the
    /// run is not running.
    func resolvingOwner(in system: ProcessTable) -> (run: RunRecord, liveness: RunOwner.Liveness?) {
        // A sharded run has no one owner: its shards have theirs (`RunShard`).
        guard status == .running, shardCount == nil else { return (self, nil) }
        guard let owner else { return (self, .unknown("its owner was not recorded (stored by an older evalctl)")) }
        let liveness = owner.liveness(in: system)
        guard case .gone = liveness else { return (self, liveness) }
        var run = self
        run.status = .abandoned
        return (run, liveness)
    }
}

/// A row of `suites`: one eval set × prompt version × backend within a run.
public struct SuiteRecord: Codable, Sendable {
    public var runID: Int64
    public var evalset: String
    public var evalsetVersion: String
    public var evalsetHash: String
    public var promptID: String
    public var promptHash: String
    public var backend: String
    public var model: String
    public var minPassRate: Double
    public var caseCount: Int
    public var repeats: Int
    /// The backend's prices when the run started (`cost_per_mtok`), for cost per case.
    public var inputUSDPerMTok: Double? = nil
    public var outputUSDPerMTok: Double? = nil
    /// The backend's configuration as it shapes answers (`BackendIdentity.json`, never secrets); nil before v14.
    public var backendIdentity: String? = nil
    /// The eval set's content without its prompts (`EvalSet.dataHash`); nil before v14.
    public var evalsetDataHash: String? = nil

    enum CodingKeys: String, CodingKey {
        case evalset, backend, model, repeats
        case runID = "run_id", evalsetVersion = "evalset_version", evalsetHash = "evalset_hash"
        case promptID = "prompt_id", promptHash = "prompt_hash", minPassRate = "min_pass_rate", caseCount = "case_count"
        case inputUSDPerMTok = "input_usd_per_mtok", outputUSDPerMTok = "output_usd_per_mtok"
        case backendIdentity = "backend_identity", evalsetDataHash = "evalset_data_hash"
    }

    /// The recorded backend configuration; nil for suites stored before v14 (unknown, not "changed").
    public var identity: BackendIdentity? { backendIdentity.flatMap(BackendIdentity.init(json:)) }
}

/// A row of `results`: one case × repeat sent to one backend through one prompt, with its output or error.
public struct ResultRecord: Codable, Sendable {
    public var runID: Int64
    public var suiteID: Int64
    public var evalset: String
    public var evalsetVersion: String
    public var evalsetHash: String
    public var caseID: String
    public var caseHash: String
    public var promptID: String
    public var promptHash: String
    public var backend: String
    public var model: String
    public var repeatIndex: Int
    /// The rendered request as JSON: messages and parameters, never credentials.
    public var request: String
    public var output: String?
    public var status: ResultStatus
    public var error: String?
    /// Who could not answer, when `status` is `error`.
    public var errorKind: ErrorKind? = nil
    public var latencyMs: Double?
    public var ttftMs: Double?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var attempts: Int
    public var finishReason: String?
    public var systemFingerprint: String?
    public var completedAt: Date
    /// The response cache's key for the request (`RequestIdentity.key`), whether or not the cache was used.
    public var cacheKey: String? = nil
    /// The answer was read from the response cache, not asked for: it cost nothing, and drift leaves the run out.
    public var fromCache: Bool = false
    /// What the answer cost (US dollars, from its usage and the backend's prices); 0 from the cache; nil unpriced.
    public var costUSD: Double? = nil
    /// What the judge calls scoring it cost (US dollars); nil when no priced judge was asked.
    public var judgeCostUSD: Double? = nil
    /// The backend that answered: the suite's own or one of its fallbacks; nil for errors and older results.
    public var answeredBy: String? = nil
    /// The part of `promptTokens` written to the provider's prompt cache (Anthropic); nil when not reported.
    public var cacheCreationInputTokens: Int? = nil
    /// The part of `promptTokens` read from the provider's prompt cache (Anthropic); nil when not reported.
    public var cacheReadInputTokens: Int? = nil
    /// Why the result was sent to the review queue (the eval set's `flag:` rules that fired, e.g. `refusal`); nil or
    /// empty when none did. Flags never change a score.
    public var flags: [String]? = nil

    enum CodingKeys: String, CodingKey {
        case evalset, backend, model, request, output, status, error, attempts, flags
        case runID = "run_id", suiteID = "suite_id", evalsetVersion = "evalset_version", evalsetHash = "evalset_hash"
        case caseID = "case_id", caseHash = "case_hash", promptID = "prompt_id", promptHash = "prompt_hash"
        case repeatIndex = "repeat_index", latencyMs = "latency_ms", ttftMs = "ttft_ms"
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", finishReason = "finish_reason"
        case systemFingerprint = "system_fingerprint", completedAt = "completed_at", errorKind = "error_kind"
        case cacheKey = "cache_key", fromCache = "from_cache", costUSD = "cost_usd", judgeCostUSD = "judge_cost_usd"
        case answeredBy = "answered_by"
        case cacheCreationInputTokens = "cache_creation_input_tokens", cacheReadInputTokens = "cache_read_input_tokens"
    }
}

/// A row of `scores`: one scorer's verdict on one result.
public struct ScoreRecord: Codable, Sendable {
    public var resultID: Int64
    public var scorer: String
    public var value: Double
    public var threshold: Double
    public var passed: Bool
    public var reason: String
    /// JSON the scorer kept with the score, e.g. a judge's raw replies and every repeat's score.
    public var details: String?

    enum CodingKeys: String, CodingKey {
        case scorer, value, threshold, passed, reason, details
        case resultID = "result_id"
    }
}

extension Stored where Fields == RunRecord {
    /// The run with the status to show (abandoned for a running run whose owner is gone), and its owner's liveness.
    func resolvingOwner(in system: ProcessTable) -> (run: Stored<RunRecord>, liveness: RunOwner.Liveness?) {
        let (run, liveness) = fields.resolvingOwner(in: system)
        return (Stored(id: id, run), liveness)
    }
}
