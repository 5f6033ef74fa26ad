import Foundation

/// Which stored runs a report or a drift check looks at: completed runs only (an interrupted run is a partial
/// measurement), optionally limited to some eval sets, to runs since a date, and to the newest N. The HTML report
/// also lists the runs stopped at their cost budget (`includeBudgetStopped`), apart from the completed ones.
public struct HistoryFilter: Sendable, Hashable {
    /// How far back `report`, `drift` and `run --html` look by default.
    public static let defaultWindow = "30d"

    public var evalsets: [String] = []
    public var since: Date?
    public var last: Int?
    /// Leaves out runs that did not ask the model: any answer from the response cache, or rescored from stored
    /// outputs. Drift measures the model, so it sets this; the report shows every run.
    public var excludeReplayed = false
    /// Also reads the runs in range that stopped at their cost budget, into `RunHistory.budgetStoppedRuns` (the same
    /// eval sets, dates and newest N). They never become trend points: a partial run is not a measurement. Drift
    /// leaves this off.
    public var includeBudgetStopped = false

    public init(evalsets: [String] = [], since: Date? = nil, last: Int? = nil, excludeReplayed: Bool = false,
                includeBudgetStopped: Bool = false) {
        self.evalsets = evalsets
        self.since = since
        self.last = last
        self.excludeReplayed = excludeReplayed
        self.includeBudgetStopped = includeBudgetStopped
    }

    /// Parses `30d`, `36h`, `2w` or `90m` into the date that long before `now`.
    public static func date(ago text: String, now: Date = Date()) -> Date? {
        guard let unit = text.last, let amount = Double(text.dropLast()), amount >= 0 else { return nil }
        let seconds: Double
        switch unit {
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86400
        case "w": seconds = 7 * 86400
        default: return nil
        }
        return now.addingTimeInterval(-amount * seconds)
    }
}
