import ArgumentParser
import EvalKit
import Foundation

struct RescoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescore",
        abstract: "Score a run's stored outputs again with the scorers on disk now, as a new run; nothing is sent to the model.",
        discussion: """
            The new run says "rescored from run N" in `runs show`. A judge scorer still asks its judge (through the \
            response cache with --cache use). A result whose request would now render differently (its prompt or vars \
            changed) is left out and listed. Exit codes as for `run`: 0 every suite meets its min_pass_rate; 1 one is \
            below it; 2 bad usage or input; 3 a case ended in an error.
            """)

    @Argument(help: "The run whose outputs to score again: an id, 'latest', a tag or a run key.")
    var run: String

    @Option(name: .customLong("evalset"), help: "An eval set directory; repeat for several (default: the ones the run recorded).")
    var evalSets: [String] = []

    @Option(help: "The backends config file (for judge scorers).")
    var config = EvalConfig.defaultFileName

    @Option(help: "Response cache for judge calls: use, refresh, off (default) or only.")
    var cache: CacheModeArgument?

    @Option(help: "Tag the new run when it completes.")
    var tag: String?

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Summary format on standard output.")
    var format: OutputFormat = .text

    func run() async throws {
        var options = Rescorer.Options(source: run, databasePath: database.resolvedPath)
        options.evalSetPaths = evalSets
        options.configPath = config
        options.cacheMode = cache?.mode
        options.tag = tag
        options.commandLine = CommandLine.arguments.joined(separator: " ")
        let console = Console()
        let rescorer = Rescorer(options: options)
        let outcome: Rescorer.Outcome
        do {
            outcome = try await InterruptibleTask.run { try await rescorer.run() }
        } catch let refusal as Rescorer.Refusal {
            Self.list(leftOut: refusal.leftOut, console: console)
            throw ExitMapping.fail(refusal)
        } catch {
            throw ExitMapping.fail(error)
        }
        Self.list(leftOut: outcome.leftOut, console: console)
        console.error("rescored run \(outcome.sourceID) as run \(outcome.summary.run.id): \(outcome.rescored) outputs scored again, no generation request sent")
        let report = RunSummaryReport(summary: outcome.summary, results: [])
        console.out(format == .json ? report.json() : report.text())
        try ExitMapping.finish(outcome.verdict)
    }

    private static func list(leftOut: [String], console: Console) {
        guard !leftOut.isEmpty else { return }
        console.error("left out \(leftOut.count) result\(leftOut.count == 1 ? "" : "s") whose request no longer matches the eval set:")
        for line in leftOut.prefix(20) { console.error("  \(line)") }
        if leftOut.count > 20 { console.error("  … \(leftOut.count - 20) more") }
    }
}
