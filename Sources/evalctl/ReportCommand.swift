import ArgumentParser
import EvalKit

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report: trends per eval set × prompt × backend, the latest run against the previous one, per-case history.")

    @Option(help: "The HTML file to write.")
    var html: String

    @OptionGroup var history: HistoryOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        do {
            let store = try StoreLocation.open(database.resolvedPath, create: false)
            var report = try await HTMLReport.load(store: store, filter: history.filter(defaultSince: HistoryFilter.defaultWindow),
                                                   driftMinimumShift: DriftCheck.defaultMinimumQualityShift)
            report.databasePath = store.location
            try ReportFile.write(report.html(), to: html)
            Console().error("HTML report: \(html) (\(report.history.runs.count) runs, \(report.history.suites.count) eval set × prompt × backend)")
        } catch {
            throw ExitMapping.fail(error)
        }
    }
}
