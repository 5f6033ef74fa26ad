import ArgumentParser
import EvalKit
import Foundation

struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Detect sustained shifts in quality, latency, tokens and cost across runs; exit 1 on a shift not yet alerted.",
        discussion: """
            Each eval set × prompt × backend × scorer series is judged with each run's own sampling error (a \
            single-run limit and a CUSUM); latency p50, completion tokens and cost per case go through a \
            self-starting CUSUM. A shift is new until a drift run has reported it: each reported shift is recorded \
            in the database (the alert ledger), so it alerts once, whatever night. Exit codes: 0 no new drift; \
            1 new drift; 2 bad usage.
            """)

    @OptionGroup var history: HistoryOptions

    @Option(help: "The smallest shift of a pass rate or mean score (on 0…1) worth an alarm.")
    var minShift = DriftCheck.defaultMinimumQualityShift

    @Flag(help: "Report (and exit 1 on new shifts) without recording them as delivered: the next drift run alerts again.")
    var dryRun = false

    @Flag(help: "Print the drift check's detection delay and false-alarm rate, measured by simulation, and exit.")
    var simulate = false

    @Option(help: "With --simulate: simulated histories per shift size.")
    var simulations = 1000

    @Option(help: "Also write the HTML report, with the drift findings, here.")
    var html: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var terminal: TerminalOptions

    func validate() throws {
        if !(minShift > 0 && minShift <= 1) { throw ValidationError("--min-shift must be in (0, 1]") }
        if simulations < 1 { throw ValidationError("--simulations must be at least 1") }
    }

    func run() async throws {
        if simulate {
            var simulation = DriftSimulation()
            simulation.minimumShift = minShift
            simulation.simulations = simulations
            let report = DriftSimulationReport(simulation: simulation, outcome: simulation.run())
            Console().out(format == .json ? report.json() : report.text())
            return
        }
        let check: DriftCheck
        do {
            let store = try StoreLocation.open(database.resolvedPath, create: false)
            var filter = history.filter(defaultSince: HistoryFilter.defaultWindow)
            filter.excludeReplayed = true
            let runs = try await store.history(filter)
            // A scheduled job that finds nothing to check must not look like a quiet night.
            guard !runs.runs.isEmpty else {
                let replayed = runs.replayedRunIDs.isEmpty ? "" : " (\(runs.replayedRunIDs.count) runs answered from the response cache or rescored are left out)"
                Console().error("error: no completed runs in range, so nothing to check\(replayed) (widen --since, or did tonight's run fail?)")
                throw ExitMapping.code(Verdict(unusable: true))
            }
            let delivered = try await store.driftAlerts()
            check = DriftCheck(history: runs, minimumQualityShift: minShift, delivered: delivered)
            let report = DriftReport(check: check, history: runs, dryRun: dryRun)
            Console().out(format == .json ? report.json() : report.text(style: terminal.style))
            if !dryRun { try await store.recordDriftAlerts(check.newAlerts(at: Date())) }
            if let html {
                var page = try await HTMLReport.load(store: store, filter: filter, driftMinimumShift: minShift, driftDelivered: delivered)
                page.title = "evalctl drift"
                page.databasePath = store.location
                try ReportFile.write(page.html(), to: html)
                Console().error("HTML report: \(html)")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw ExitMapping.fail(error)
        }
        try ExitMapping.finish(Verdict(failedBar: !check.alerts.isEmpty))
    }
}
