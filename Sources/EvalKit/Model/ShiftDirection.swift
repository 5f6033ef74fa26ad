/// Which way a series' level moved: a drift finding and its ledger entry (`drift_alerts.direction`).
public enum ShiftDirection: String, Sendable, Hashable {
    case up, down
}
