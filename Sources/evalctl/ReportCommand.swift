import ArgumentParser
import EvalKit

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report: trends per eval set × prompt × backend, the latest run against the previous one, per-case history.",
        discussion: """
            With --cases RUN, write the case explorer instead: every case of one run with its input, expected answer, \
            output, scores and errors, filtered and searched in the browser; with --against RUN2 as well, each case \
            beside the same case in RUN2 with a word-level diff of the outputs. Runs are ids, 'latest', tags or run keys.
            """)

    @Option(help: "The HTML file to write.")
    var html: String

    @Option(help: ArgumentHelp("Write the case explorer of this run (an id, 'latest', a tag or a run key) instead of the trend report.", valueName: "run"))
    var cases: String?

    @Option(help: ArgumentHelp("With --cases: show each case beside the same case in this run, with a diff of the outputs.", valueName: "run"))
    var against: String?

    @OptionGroup var history: HistoryOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if cases != nil, !history.evalsets.isEmpty || history.since != nil || history.last != nil {
            throw ValidationError("--cases writes the cases of one run: --evalset, --since and --last belong to the trend report")
        }
        if against != nil, cases == nil { throw ValidationError("--against needs --cases RUN: the run to show against it") }
    }

    func run() async throws {
        do {
            let store = try StoreLocation.open(database.resolvedPath, create: false)
            if let cases {
                try await writeCaseExplorer(run: cases, store: store)
                return
            }
            var report = try await HTMLReport.load(store: store, filter: history.filter(defaultSince: HistoryFilter.defaultWindow),
                                                   driftMinimumShift: DriftCheck.defaultMinimumQualityShift)
            report.databasePath = store.location
            try ReportFile.write(report.html(), to: html)
            Console().error("HTML report: \(html) (\(report.history.runs.count) runs, \(report.history.suites.count) eval set × prompt × backend)")
        } catch {
            throw ExitMapping.fail(error)
        }
    }

    private func writeCaseExplorer(run reference: String, store: any ResultStore) async throws {
        var explorer = try await CaseExplorer.load(store: store, run: reference, against: against)
        explorer.expected = try await RecordedEvalSets.load(store: store, runID: explorer.run.run.id).lookup
        if let other = explorer.against {
            explorer.againstExpected = try await RecordedEvalSets.load(store: store, runID: other.run.id).lookup
        }
        let written = try await explorer.write(to: html, store: store)
        let pairing = explorer.against.map { " against run \($0.run.id)" } ?? ""
        Console().error("Case explorer: \(html) (run \(explorer.run.run.id)\(pairing): \(written.cases) cases in \(written.suites) eval set × prompt × backend, \(written.bytes / 1024) KB)")
    }
}
