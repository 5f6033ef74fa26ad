import Foundation

/// `evalctl drift --simulate`: the drift check's detection delay per shift size and its false alarms per 100 runs,
/// as a table or JSON.
public struct DriftSimulationReport: Sendable {
    public let simulation: DriftSimulation
    public let outcome: DriftSimulation.Outcome

    public init(simulation: DriftSimulation, outcome: DriftSimulation.Outcome) {
        self.simulation = simulation
        self.outcome = outcome
    }

    public func text() -> String {
        let s = simulation
        var lines = [
            "Drift check by simulation: \(s.cases) cases a night at \(percent(s.passRate)) pass (one run's standard error "
                + String(format: "%.1f points", s.standardError * 100) + "), shift after \(s.historyRuns) stable runs, "
                + "\(s.simulations) histories per shift, minimum shift \(String(format: "%g", s.minimumShift * 100)) points",
            "",
        ]
        var table = TextTable(headers: ["SHIFT", "POINTS", "FIRST RUN", "BY 2ND RUN", "WITHIN \(s.watchRuns)", "MEAN DELAY"],
                              alignments: [.right, .right, .right, .right, .right, .right])
        for delay in outcome.delays {
            table.add([String(format: "%g SE", delay.shift), String(format: "%.1f", delay.shift * s.standardError * 100),
                       percent(delay.firstRunShare), percent(delay.withinTwoShare), percent(delay.detectedShare),
                       delay.meanDelay.isNaN ? "-" : String(format: "%.2f runs", delay.meanDelay)])
        }
        lines.append(table.render())
        let interval = outcome.falseAlarmInterval
        lines.append("")
        lines.append(String(format: "false alarms: %.2f per 100 runs (95%% CI %.2f–%.2f; %d alarms in %d nightly checks of %d stable histories of %d runs)",
                            outcome.falseAlarmsPer100Runs, interval.lower, interval.upper, outcome.falseAlarms,
                            outcome.monitoredRuns, s.stableSeries, s.stableRuns))
        return lines.joined(separator: "\n")
    }

    public func json() -> String {
        let s = simulation
        let interval = outcome.falseAlarmInterval
        return JSONValue.object([
            "cases": .number(Double(s.cases)), "pass_rate": .number(s.passRate), "history_runs": .number(Double(s.historyRuns)),
            "standard_error": .number(s.standardError), "simulations": .number(Double(s.simulations)),
            "minimum_shift": .number(s.minimumShift),
            "false_alarms_per_100_runs": .number(outcome.falseAlarmsPer100Runs),
            "false_alarms_interval": .array([.number(interval.lower), .number(interval.upper)]),
            "false_alarms": .number(Double(outcome.falseAlarms)), "monitored_runs": .number(Double(outcome.monitoredRuns)),
            "delays": .array(outcome.delays.map { delay in
                .object([
                    "shift_se": .number(delay.shift), "first_run_share": .number(delay.firstRunShare),
                    "within_two_share": .number(delay.withinTwoShare), "detected_share": .number(delay.detectedShare),
                    "mean_delay_runs": delay.meanDelay.isNaN ? .null : .number(delay.meanDelay),
                ])
            }),
        ]).canonicalJSON
    }

    private func percent(_ share: Double) -> String {
        String(format: "%.1f%%", share * 100)
    }
}
