import Foundation

/// `evalctl power`: the gate's false-alarm rate under no change and its detection rate for a given drop.
public struct GatePowerReport: Sendable {
    public let simulation: GateSimulation
    public let noChange: GateSimulation.Outcome
    public let withDrop: GateSimulation.Outcome
    public let drop: Double

    public init(simulation: GateSimulation, noChange: GateSimulation.Outcome, withDrop: GateSimulation.Outcome, drop: Double) {
        self.simulation = simulation
        self.noChange = noChange
        self.withDrop = withDrop
        self.drop = drop
    }

    public func text() -> String {
        let s = simulation
        var table = TextTable(headers: ["TRUE DROP", "ALARMS", "RATE", "95% CI (EXACT)", "CASES FLIPPED", "MEAN MDE"],
                              alignments: [.right, .right, .right, .right, .right, .right])
        for (trueDrop, outcome) in [(0.0, noChange), (drop, withDrop)] {
            table.add([ComparisonReport.points(trueDrop), "\(outcome.alarms)/\(outcome.simulations)", RunSummaryReport.percent(outcome.alarmRate),
                       Self.interval(outcome.alarmInterval), RunSummaryReport.percent(outcome.flipRate),
                       ComparisonReport.points(outcome.minimumDetectableDrop)])
        }
        let noise = switch s.noise {
        case .correlated: "\(RunSummaryReport.percent(s.flakyShare)) flaky cases (correlated noise)"
        case .independent: "independent noise (each run draws every case)"
        }
        return """
            \(s.cases) cases × \(s.repeats) repeat(s), pass rate \(RunSummaryReport.percent(s.passRate)), \(noise); \
            alpha \(ComparisonReport.number(s.policy.alpha)), margin \(ComparisonReport.points(s.policy.margin)), seed \(s.seed)
            \(table.render())
            false alarms (no change): \(RunSummaryReport.percent(noChange.alarmRate)), 95% CI \(Self.interval(noChange.alarmInterval)) \
            (alpha \(RunSummaryReport.percent(s.policy.alpha))); detection of a \(ComparisonReport.points(drop)) drop: \(RunSummaryReport.percent(withDrop.alarmRate))
            """
    }

    /// "3.1–10.2%", one decimal.
    static func interval(_ interval: ConfidenceInterval) -> String {
        String(format: "%.1f–%.1f%%", interval.lower * 100, interval.upper * 100)
    }

    public func json() -> String {
        func outcome(_ outcome: GateSimulation.Outcome, drop: Double) -> JSONValue {
            .object(["drop": .number(drop), "simulations": .number(Double(outcome.simulations)), "alarms": .number(Double(outcome.alarms)),
                     "alarm_rate": .number(outcome.alarmRate), "standard_error": .number(outcome.standardError),
                     "alarm_rate_ci95": .array([.number(outcome.alarmInterval.lower), .number(outcome.alarmInterval.upper)]),
                     "flip_rate": .number(outcome.flipRate), "mean_minimum_detectable_drop": .number(outcome.minimumDetectableDrop)])
        }
        let s = simulation
        return JSONValue.object([
            "noise": .string(s.noise.rawValue), "cases": .number(Double(s.cases)), "repeats": .number(Double(s.repeats)), "pass_rate": .number(s.passRate),
            "flaky_share": .number(s.flakyShare), "alpha": .number(s.policy.alpha), "margin": .number(s.policy.margin),
            "seed": .number(Double(s.seed)), "no_change": outcome(noChange, drop: 0), "with_drop": outcome(withDrop, drop: drop),
        ]).canonicalJSON
    }
}
