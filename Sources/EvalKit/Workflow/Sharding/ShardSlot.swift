import Foundation

/// A shard this process has claimed (`run --shard K/N --run-key KEY`): the run all shards write into, and what an
/// earlier attempt of the same shard stored, so a crashed or interrupted shard run again sends only what is left.
struct ShardSlot: Sendable {
    let shard: Shard
    let key: String
    let runID: Int64
    /// This shard created the run (the others joined it).
    let created: Bool
    /// The shard's earlier attempt, when there was one; it stopped (a running one is refused).
    let earlier: RunShard?
    /// The run's stored cells, read when an earlier attempt stored some: those are not sent again.
    let storedCells: [CellKey: ResultStatus]
    /// How many cells of the matrix belong to this shard.
    let cells: Int

    /// What the shard's matrix is: every shard of a run must have the same.
    static func matrixHash(_ matrix: RunMatrix, selection: CaseSelection) -> String {
        let suites = matrix.suites.map {
            [$0.evalSet.name, $0.evalSet.contentHash, $0.prompt.id, $0.prompt.contentHash, $0.backendName].joined(separator: "|")
        }
        return SHA256.hex((suites + ["repeats=\(matrix.repeats)", "selection=\(selection.description)"]).joined(separator: "\n"))
    }

    static func ownedCells(_ matrix: RunMatrix, shard: Shard) -> Int {
        matrix.suites.reduce(0) { total, suite in
            total + suite.evalSet.cases.reduce(0) { $0 + (shard.owns(caseID: $1.id, evalset: suite.evalSet.name) ? 1 : 0) }
        } * matrix.repeats
    }

    /// Creates or joins the run under `key` and claims `shard` of it. Refused (bad input): the shard already completed,
    /// or is still running somewhere.
    static func claim(_ shard: Shard, key: String, record: RunRecord, matrix: RunMatrix, store: any ResultStore,
                      now: Date = Date()) async throws -> ShardSlot {
        var record = record
        record.runKey = key
        record.shardCount = shard.count
        let (runID, created) = try await store.joinShardedRun(record)
        let cells = ownedCells(matrix, shard: shard)
        let owner = RunOwner.current()
        let claim = RunShard(runID: runID, index: shard.index, status: .running, owner: owner, cells: cells, attempts: 1,
                             startedAt: now, finishedAt: nil, heartbeatAt: now)
        let name = "shard \(shard) of run key '\(key)' (run \(runID))"
        let earlier = try await store.claimShard(claim) { earlier throws(InvalidInput) in
            guard let earlier else { return }
            func refuse(_ message: String) -> InvalidInput {
                InvalidInput([InputProblem(file: "--shard", line: nil, message: "\(name) \(message)")])
            }
            if earlier.status == .completed {
                throw refuse("already completed on \(earlier.owner.host): a run key names one run; give each run its own key "
                    + "(e.g. the CI pipeline's id)")
            }
            switch earlier.liveness(now: now) {
            case .alive:
                throw refuse("is running (process \(earlier.owner.pid) on \(earlier.owner.host)); two processes cannot run one shard")
            case .unknown(let why):
                throw refuse("is running elsewhere (\(why)); if that process is gone, its heartbeat lapses "
                    + "\(Int(RunShard.heartbeatTimeout)) s after its last beat, and the shard can be run again")
            case .gone:
                return
            }
        }
        let stored = earlier == nil ? [:] : try await store.storedCells(ofRun: runID)
        return ShardSlot(shard: shard, key: key, runID: runID, created: created, earlier: earlier, storedCells: stored, cells: cells)
    }

    /// What to do with a cell: cells of other shards are left; of this shard, what a resumed run would do.
    func action(_ cell: CellKey, evalset: String, retryErrors: Bool) -> EvalRunner.CellAction {
        guard shard.owns(caseID: cell.caseID, evalset: evalset) else { return .leave }
        return ResumeTarget.action(for: storedCells[cell], retryErrors: retryErrors)
    }
}

extension ShardSlot {
    /// The options of `run --resume REF --shard K/N`: the sharded run's own matrix and run key, this invocation's
    /// other flags.
    static func resumeOptions(_ reference: String, shard: Shard, options: RunOptions, store: any ResultStore) async throws -> RunOptions {
        let id = try await store.runID(for: reference)
        let summary = try await store.summary(ofRun: id)
        func refuse(_ message: String) -> InvalidInput {
            InvalidInput([InputProblem(file: "--resume", line: nil, message: "cannot resume shard \(shard) of run \(id): \(message)")])
        }
        guard let key = summary.run.runKey, let count = summary.run.shardCount else {
            throw refuse("it is not a sharded run; resume it without --shard")
        }
        if count != shard.count { throw refuse("the run is split into \(count) shards, not \(shard.count)") }
        if let given = options.runKey, given != key { throw refuse("its run key is '\(key)', not '\(given)'") }
        guard let json = summary.run.plan, let plan = RunPlan.decode(json) else { throw refuse("it was stored without its plan") }
        let target = ResumeTarget(runID: id, summary: summary, plan: plan, cells: [:])
        var resumed = try target.options(from: options, givenRepeats: options.repeatsGiven ? options.repeats : nil)
        resumed.runKey = key
        resumed.resume = nil
        return resumed
    }
}

extension ShardOutcome {
    init(slot: ShardSlot, sent: RunProgress, state: ShardedRunState) {
        self.init(shard: slot.shard, key: slot.key, runID: slot.runID, created: slot.created, earlier: slot.earlier, cells: slot.cells,
                  sent: sent, state: state)
    }
}

extension RunOrchestrator {
    /// `--shard` and `--run-key` go together, and without the reports that need the whole run.
    static func shardProblems(_ options: RunOptions) -> [InputProblem] {
        var problems: [InputProblem] = []
        if let key = options.runKey {
            do { try Shard.checkRunKey(key) } catch { problems += error.problems }
        }
        guard options.shard != nil else {
            if options.runKey != nil { problems.append(InputProblem(file: "--run-key", line: nil, message: "goes with --shard K/N")) }
            return problems
        }
        if options.runKey == nil {
            problems.append(InputProblem(file: "--shard", line: nil, message:
                "needs --run-key KEY: the key every shard of the run shares (e.g. the CI pipeline's id), so they write into one run"))
        }
        let after = "once every shard is in: `evalctl runs wait KEY --shards N`"
        if options.baseline != nil {
            problems.append(InputProblem(file: "--baseline", line: nil, message: "compares a whole run; with --shard, compare \(after) then `evalctl gate --baseline BASE --run KEY`"))
        }
        if options.junitPath != nil {
            problems.append(InputProblem(file: "--junit", line: nil, message: "reports a whole run; with --shard, write it \(after) --junit FILE"))
        }
        if options.htmlPath != nil {
            problems.append(InputProblem(file: "--html", line: nil, message: "reports a whole run; with --shard, write it \(after), then `evalctl report --html FILE`"))
        }
        return problems
    }
}
