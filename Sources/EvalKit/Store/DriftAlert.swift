import Foundation

/// A shift `evalctl drift` has reported (exit 1): the alert ledger. A shift is new until a `drift` run delivered it,
/// whichever night that is, so a nightly job that skipped a night still alerts once, and never twice.
public struct DriftAlert: Sendable, Hashable {
    public var suite: SuiteKey
    /// The series, e.g. `exact pass rate`, `latency p50`.
    public var metric: String
    public var direction: ShiftDirection
    /// The first run of the new level, and the run the alarm fired on, when it was delivered.
    public var changeRunID: Int64
    public var alarmRunID: Int64
    public var deliveredAt: Date
    /// The finding's one-line summary when it was delivered.
    public var summary: String

    public init(suite: SuiteKey, metric: String, direction: ShiftDirection, changeRunID: Int64, alarmRunID: Int64,
                deliveredAt: Date, summary: String) {
        self.suite = suite
        self.metric = metric
        self.direction = direction
        self.changeRunID = changeRunID
        self.alarmRunID = alarmRunID
        self.deliveredAt = deliveredAt
        self.summary = summary
    }
}
