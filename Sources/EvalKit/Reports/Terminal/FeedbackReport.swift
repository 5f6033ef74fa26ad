import Foundation

/// `evalctl feedback report`: the down-vote rate of production feedback, overall and per day, prompt version or
/// model, with 95% Wilson intervals and the days whose down-votes jumped.
///
/// ```swift
/// let report = FeedbackReport(analysis: FeedbackAnalysis(records: records, grouping: .day), since: cutoff)
/// print(report.text(style: .plain))
/// ```
public struct FeedbackReport: Sendable {
    public let analysis: FeedbackAnalysis
    /// The start of the window, for the headline; nil when every record was read.
    public let since: Date?

    public init(analysis: FeedbackAnalysis, since: Date?) {
        self.analysis = analysis
        self.since = since
    }

    public func text(style: TerminalStyle = .plain) -> String {
        let window = since.map { " since \(DateText.utc($0).prefix(16)) UTC" } ?? ""
        guard analysis.total > 0 else { return "no feedback\(window) (import some with evalctl feedback import FILE.jsonl)" }
        var lines = [
            "feedback\(window): \(analysis.total) rated, \(analysis.down) down-voted",
            "down rate \(Self.percent(analysis.downRate)) (95% interval \(Self.range(analysis.interval)))",
            "",
        ]
        let label = switch analysis.grouping {
        case .day: "DAY (UTC)"
        case .prompt: "PROMPT"
        case .model: "MODEL"
        }
        let byDay = analysis.grouping == .day
        var table = TextTable(headers: [label, "RATED", "DOWN", "RATE", "95% INTERVAL"] + (byDay ? ["\(FeedbackAnalysis.baselineDays) DAYS BEFORE"] : []),
                              alignments: [.left, .right, .right, .right, .left, .left])
        for group in analysis.groups {
            table.add([TerminalText.sanitize(group.key, limit: 200), String(group.total), String(group.down), Self.percent(group.downRate),
                       Self.range(group.interval)] + (byDay ? [note(group, style: style)] : []))
        }
        let width = style.columns.map { min($0, 80) } ?? 80
        lines.append(table.render(maxWidth: width, shrinkable: [0, 5]))
        let flagged = analysis.flaggedDays
        if analysis.grouping == .day {
            lines.append("")
            lines.append(TerminalStyle.wrap(flagged.isEmpty
                ? "no day's down-votes jumped above the \(FeedbackAnalysis.baselineDays) days before it"
                : "\(flagged.count) day\(flagged.count == 1 ? "" : "s") flagged: down-votes improbably high for the pooled rate of the \(FeedbackAnalysis.baselineDays) days before (one-sided binomial test, p < \(FeedbackAnalysis.alpha)); see docs/feedback.md", columns: width))
        }
        return lines.joined(separator: "\n")
    }

    /// The pooled rate of the days before, and `JUMP` on a flagged day.
    private func note(_ group: FeedbackAnalysis.Group, style: TerminalStyle) -> String {
        guard let baseline = group.baselineRate else { return "too few votes" }
        return Self.percent(baseline) + (group.flagged ? "  " + style.paint("JUMP", .red) : "")
    }

    /// `{"since", "by", "total", "down", "down_rate", "interval": {"lower", "upper"}, "groups": [{"key", "total",
    /// "down", "down_rate", "interval", "flagged", "baseline_rate", "p_value"}]}`.
    public func json() -> String {
        let groups: [JSONValue] = analysis.groups.map { group in
            .object([
                "key": .string(group.key), "total": .number(Double(group.total)), "down": .number(Double(group.down)),
                "down_rate": .number(group.downRate), "interval": Self.interval(group.interval), "flagged": .bool(group.flagged),
                "baseline_rate": group.baselineRate.map(JSONValue.number) ?? .null, "p_value": group.pValue.map(JSONValue.number) ?? .null,
            ])
        }
        return JSONValue.object([
            "since": since.map { .string(DateText.iso($0)) } ?? .null, "by": .string(analysis.grouping.rawValue),
            "total": .number(Double(analysis.total)), "down": .number(Double(analysis.down)), "down_rate": .number(analysis.downRate),
            "interval": Self.interval(analysis.interval), "groups": .array(groups),
        ]).canonicalJSON
    }

    static func interval(_ interval: ConfidenceInterval) -> JSONValue {
        .object(["lower": .number(interval.lower), "upper": .number(interval.upper)])
    }

    static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }

    static func range(_ interval: ConfidenceInterval) -> String {
        "\(percent(interval.lower))–\(percent(interval.upper))"
    }
}
