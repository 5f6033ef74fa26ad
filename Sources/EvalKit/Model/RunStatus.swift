/// Where a run is. Stored as its raw value in `runs.status`, except `abandoned`, which is only ever read: a run stored
/// as `running` whose owner process is gone.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running
    case completed
    /// Stopped by Ctrl-C or SIGTERM; what finished before is stored.
    case interrupted
    /// Stopped by an error before it could finish (a backend that would not start).
    case failed
    /// Stopped at its cost budget (`--max-cost`): what was answered is stored, the cells never sent are stored as
    /// skipped, and `run --resume` continues it.
    case budgetStopped = "budget-stopped"
    /// Stored as running, but its owner process is gone: it will never finish.
    case abandoned
}
