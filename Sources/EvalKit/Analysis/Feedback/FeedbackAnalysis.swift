import Foundation

/// The down-vote rate of production feedback, overall and per group (day, prompt version or model), each with a 95%
/// Wilson interval; with `.day`, days whose down-votes jump above the days before them are flagged.
///
/// The flag rule: a day is flagged when its down-count is improbably high for the pooled down rate of the
/// `baselineDays` days before it (one-sided binomial test, P(X ≥ down | n, p₀) < `alpha`). A day needs at least
/// `minimumBaselineVotes` votes in those days to be judged; a pooled rate of 0 becomes ½ vote in the baseline, so one
/// down-vote after a clean week is not significant by itself.
///
/// ```swift
/// let analysis = FeedbackAnalysis(votes: try await store.feedbackVotes(since: cutoff), grouping: .day)
/// for day in analysis.groups where day.flagged { print(day.key) }
/// ```
public struct FeedbackAnalysis: Sendable {
    public enum Grouping: String, Sendable, CaseIterable {
        case day, prompt, model
    }

    /// One group's figures: `key` is a UTC day (`2026-12-01`), a prompt version or a model (`(none)` when unset).
    public struct Group: Sendable, Hashable {
        public var key: String
        public var total: Int
        public var down: Int
        public var interval: ConfidenceInterval
        /// Days only: the pooled down rate of the days before it, and the test's p-value, when there were enough votes.
        public var baselineRate: Double?
        public var pValue: Double?
        public var flagged: Bool

        public var downRate: Double { total == 0 ? 0 : Double(down) / Double(total) }
    }

    public static let alpha = 0.01
    public static let baselineDays = 14
    public static let minimumBaselineVotes = 20

    public let grouping: Grouping
    public let total: Int
    public let down: Int
    public let interval: ConfidenceInterval
    public let groups: [Group]
    public var downRate: Double { total == 0 ? 0 : Double(down) / Double(total) }
    public var flaggedDays: [Group] { groups.filter(\.flagged) }

    public init(records: [FeedbackRecord], grouping: Grouping) {
        self.init(votes: records.map(\.vote), grouping: grouping)
    }

    public init(votes records: [FeedbackVote], grouping: Grouping) {
        self.grouping = grouping
        total = records.count
        down = records.count { $0.down }
        interval = Self.wilson(down: down, total: total)
        var counts: [String: (total: Int, down: Int)] = [:]
        var dates: [String: Date] = [:]
        for record in records {
            let key = Self.key(of: record, by: grouping)
            if grouping == .day, dates[key] == nil { dates[key] = record.time }
            counts[key, default: (0, 0)].total += 1
            if record.down { counts[key, default: (0, 0)].down += 1 }
        }
        var groups = counts.keys.sorted().map { key in
            Group(key: key, total: counts[key]!.total, down: counts[key]!.down,
                  interval: Self.wilson(down: counts[key]!.down, total: counts[key]!.total), flagged: false)
        }
        if grouping == .day { Self.flagJumps(&groups, dates: dates) }
        self.groups = groups
    }

    static func key(of record: FeedbackVote, by grouping: Grouping) -> String {
        switch grouping {
        case .day: day(record.time)
        case .prompt: record.promptVersion ?? "(none)"
        case .model: record.model ?? "(none)"
        }
    }

    /// `YYYY-MM-DD` of `date` in UTC.
    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Tests each day against the pooled rate of the `baselineDays` calendar days before it (days with no votes count
    /// as empty, not skipped).
    static func flagJumps(_ days: inout [Group], dates: [String: Date]) {
        let byDay = Dictionary(uniqueKeysWithValues: days.map { ($0.key, $0) })
        for index in days.indices {
            guard let date = dates[days[index].key] else { continue }
            var total = 0, down = 0
            for back in 1...baselineDays {
                if let earlier = byDay[day(date.addingTimeInterval(-Double(back) * 86_400))] {
                    total += earlier.total
                    down += earlier.down
                }
            }
            guard total >= minimumBaselineVotes else { continue }
            let pooled = Double(down == 0 ? 0.5 : Double(down)) / Double(total)
            let p = BinomialUpperTail.probability(atLeast: days[index].down, trials: days[index].total, rate: pooled)
            days[index].baselineRate = Double(down) / Double(total)
            days[index].pValue = p
            days[index].flagged = p < alpha
        }
    }

    /// 95% Wilson score interval of `down` out of `total`: well behaved at 0% and 100%.
    public static func wilson(down: Int, total: Int) -> ConfidenceInterval {
        guard total > 0 else { return ConfidenceInterval(lower: 0, upper: 1) }
        let z = 1.959964, n = Double(total), p = Double(down) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return ConfidenceInterval(lower: max(0, centre - half), upper: min(1, centre + half))
    }
}
