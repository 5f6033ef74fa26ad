import ArgumentParser
import EvalKit

struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Detect sustained shifts in quality, latency, tokens and cost across runs; exit 1 on drift.",
        discussion: """
            Each eval set × prompt × backend × scorer series (and latency p50, completion tokens and cost per case) \
            goes through a two-sided CUSUM with the noise level estimated from the first runs. Exit codes: 0 no \
            drift; 1 drift detected; 2 bad usage.
            """)

    @OptionGroup var history: HistoryOptions

    @Option(help: "The smallest shift of a pass rate or mean score (on 0…1) worth an alarm.")
    var minShift = DriftCheck.defaultMinimumQualityShift

    @Option(help: "A shift is new (and exits 1) while its alarm is among this many newest runs; older ones are 'ongoing'.")
    var alertRuns = DriftCheck.defaultAlertRuns

    @Option(help: "Also write the HTML report, with the drift findings, here.")
    var html: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var terminal: TerminalOptions

    func validate() throws {
        if !(minShift > 0 && minShift <= 1) { throw ValidationError("--min-shift must be in (0, 1]") }
        if alertRuns < 1 { throw ValidationError("--alert-runs must be at least 1") }
    }

    func run() async throws {
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
            check = DriftCheck(history: runs, minimumQualityShift: minShift, alertRuns: alertRuns)
            let report = DriftReport(check: check, history: runs)
            Console().out(format == .json ? report.json() : report.text(style: terminal.style))
            if let html {
                var page = try await HTMLReport.load(store: store, filter: filter, driftMinimumShift: minShift, driftAlertRuns: alertRuns)
                page.title = "evalctl drift"
                page.databasePath = database.resolvedPath
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
