/// How one case × repeat ended. Stored as its raw value in `results.status`.
public enum ResultStatus: String, Sendable, Codable, CaseIterable {
    /// Every scorer passed.
    case passed
    /// A scorer's score was under its threshold.
    case failed
    /// No verdict: the backend or a scorer could not answer (see `ErrorKind`). Neither a pass nor a fail.
    case error
    /// Never sent: the run stopped at its cost budget (`--max-cost`) first. The reason is in `results.error`; a resumed
    /// run sends it. Neither a pass nor a fail, and not counted in pass rates.
    case skipped
}
