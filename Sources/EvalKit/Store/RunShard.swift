import Foundation

/// A row of `run_shards`: one shard of a sharded run (`run --shard K/N --run-key KEY`), as its latest attempt left it.
///
/// Each shard process records itself here before it sends anything, beats a heartbeat while it runs, and marks the
/// shard finished at the end; `runs wait` reads these rows to tell finished, running, crashed and missing shards apart.
public struct RunShard: Sendable, Equatable {
    public var runID: Int64
    /// 1-based: shard 1 of 4 … 4 of 4.
    public var index: Int
    public var status: RunStatus
    /// The process that ran (or runs) the shard's latest attempt.
    public var owner: RunOwner
    /// How many cells of the matrix belong to the shard.
    public var cells: Int
    /// How many times a process has started the shard (a crashed shard continued counts twice).
    public var attempts: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// When the running process last said it was alive.
    public var heartbeatAt: Date

    public init(runID: Int64, index: Int, status: RunStatus, owner: RunOwner, cells: Int, attempts: Int, startedAt: Date,
                finishedAt: Date?, heartbeatAt: Date) {
        self.runID = runID
        self.index = index
        self.status = status
        self.owner = owner
        self.cells = cells
        self.attempts = attempts
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.heartbeatAt = heartbeatAt
    }

    /// How often a running shard beats its heartbeat.
    public static let heartbeatInterval: Duration = .seconds(10)
    /// A running shard silent this long is taken for crashed, wherever it ran (its machine may be gone).
    public static let heartbeatTimeout: TimeInterval = 60

    /// Whether the shard's latest attempt is still going: stored as running, and its process alive (checked on this
    /// host) or, elsewhere, its heartbeat fresh. Otherwise the text says why it is taken for gone.
    public func liveness(now: Date = Date(), system: ProcessTable = .live) -> RunOwner.Liveness {
        guard status == .running else { return .gone("it is \(status.rawValue)") }
        switch owner.liveness(in: system) {
        case .gone(let why): return .gone(why)
        case .alive: return .alive
        case .unknown(let why):
            let silence = now.timeIntervalSince(heartbeatAt)
            if silence > Self.heartbeatTimeout {
                return .gone("no heartbeat from process \(owner.pid) on \(owner.host) for \(Int(silence)) s")
            }
            return .unknown(why)
        }
    }
}

/// What a sharded run's store reports after a shard finished: every shard stored so far.
public struct ShardedRunState: Sendable {
    public var runID: Int64
    public var shardCount: Int
    public var shards: [RunShard]

    public init(runID: Int64, shardCount: Int, shards: [RunShard]) {
        self.runID = runID
        self.shardCount = shardCount
        self.shards = shards
    }

    /// Every shard has finished (in whatever status).
    public var allFinished: Bool {
        Set(shards.filter { $0.status != .running }.map(\.index)).count == shardCount
    }

    /// The run's status once all shards have finished: completed only when each shard completed; otherwise the
    /// gravest of theirs (failed, then interrupted, then stopped at the budget).
    public var runStatus: RunStatus {
        let statuses = Set(shards.map(\.status))
        for status in [RunStatus.running, .failed, .interrupted, .budgetStopped, .abandoned] where statuses.contains(status) {
            return status
        }
        return .completed
    }
}

/// How one shard of a sharded run stands, as `runs wait` and `runs show` say it.
public enum ShardCondition: Sendable, Equatable {
    /// No process has started the shard.
    case missing
    /// Its process runs (on this host, checked; elsewhere, its heartbeat is fresh).
    case running(host: String)
    case completed
    /// It stopped without completing (interrupted, failed, at its budget): run it again to continue it.
    case stopped(RunStatus)
    /// Stored as running, but its process is gone (the text says how that is known): run it again to continue it.
    case crashed(String)

    /// Still to be waited for: it may yet finish on its own.
    public var isPending: Bool {
        switch self {
        case .missing, .running: true
        case .completed, .stopped, .crashed: false
        }
    }
}

extension ShardedRunState {
    /// Each shard 1…N with how it stands now.
    public func conditions(now: Date = Date(), system: ProcessTable = .live) -> [(index: Int, condition: ShardCondition)] {
        let byIndex = Dictionary(shards.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        return (1...max(shardCount, 1)).map { index in
            guard let shard = byIndex[index] else { return (index, .missing) }
            switch shard.status {
            case .completed: return (index, .completed)
            case .running:
                if case .gone(let why) = shard.liveness(now: now, system: system) { return (index, .crashed(why)) }
                return (index, .running(host: shard.owner.host))
            default: return (index, .stopped(shard.status))
            }
        }
    }
}
