/// The checks every store makes when a shard joins a run under its run key: the same configuration, matrix and shard
/// count, and suites of the same eval set and prompt content. Shards of two different runs must never mix.
public enum ShardedRunJoin {
    /// Refuses `joining` when it is not the run `stored` is.
    public static func check(_ stored: Stored<RunRecord>, joining run: RunRecord) throws(StoreError) {
        let key = run.runKey ?? ""
        let name = "run key '\(key)' belongs to run \(stored.id)"
        if stored.shardCount == nil {
            throw .shardMismatch("\(name), which is not a sharded run: choose another --run-key")
        }
        if let count = stored.shardCount, count != run.shardCount {
            throw .shardMismatch("\(name), split into \(count) shards, not \(run.shardCount ?? 1): every shard of a run gives the same --shard K/\(count)")
        }
        if stored.configHash != run.configHash {
            throw .shardMismatch("\(name), started with another backend configuration (model, URL, params or type; "
                + "\(stored.configHash.prefix(12)) here \(run.configHash.prefix(12))): every shard must use the same evalctl.yaml")
        }
        if stored.matrixHash != run.matrixHash {
            throw .shardMismatch("\(name), started with another matrix (eval sets or their content, prompts, backends, repeats "
                + "or case selection): every shard must run the same command from the same checkout")
        }
    }

    /// Refuses a suite whose eval set or prompt content differs from the one the run stored.
    public static func check(_ stored: Stored<SuiteRecord>, joining suite: SuiteRecord) throws(StoreError) {
        if stored.evalsetHash != suite.evalsetHash {
            throw .shardMismatch("eval set '\(suite.evalset)' of run \(suite.runID) has other content on this shard "
                + "(\(stored.evalsetHash.prefix(12)) stored, \(suite.evalsetHash.prefix(12)) here): every shard must run the same checkout")
        }
        if stored.promptHash != suite.promptHash {
            throw .shardMismatch("prompt '\(suite.promptID)' of eval set '\(suite.evalset)' differs from the one run \(suite.runID) stored: "
                + "every shard must run the same checkout")
        }
    }
}
