/// Everything `evalctl run` was asked to do.
public struct RunOptions: Sendable {
    public var evalSetPaths: [String]
    public var backendNames: [String] = []
    public var promptIDs: [String] = []
    public var repeats = 1
    /// Overrides every backend's `concurrency` when set.
    public var concurrency: Int?
    public var configPath: String?
    public var databasePath: String
    public var junitPath: String?
    /// Writes the HTML report focused on this run (its eval sets over the last 30 days) here.
    public var htmlPath: String?
    /// Tags the run when it completes; the tag then points at it (a baseline for later runs).
    public var tag: String?
    /// A run id or tag to compare with at the end; the gate's verdict becomes the exit status.
    public var baseline: String?
    public var comparisonPolicy = ComparisonPolicy()
    /// Which cases run (`--case`, `--case-tag`, `--limit`, `--sample`); empty: all of them.
    public var selection = CaseSelection()
    /// How every backend uses the response cache (`--cache`), over each backend's `cache:`; nil: as configured (off).
    public var cacheMode: CacheMode?
    /// The run's cost budget in US dollars (`--max-cost`), over the config's `max_cost_usd`.
    public var maxCostUSD: Double?
    /// A stopped run to continue (`--resume RUN|latest`): its own matrix, only the cells it has not stored.
    public var resume: String?
    /// With `resume`: send the cells that ended in an error again too.
    public var retryErrors = false
    /// Whether `repeats` was given on the command line (a resumed run checks it against its own).
    public var repeatsGiven = false
    /// The part of the run this process runs (`--shard K/N`); nil: all of it.
    public var shard: Shard?
    /// The key every shard of one sharded run shares (`--run-key`); the first shard creates the run, the others join.
    public var runKey: String?
    /// The command line as typed, recorded with the run.
    public var commandLine: String = ""

    public init(evalSetPaths: [String], databasePath: String) {
        self.evalSetPaths = evalSetPaths
        self.databasePath = databasePath
    }
}

