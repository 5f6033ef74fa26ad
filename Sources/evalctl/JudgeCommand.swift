import ArgumentParser
import EvalKit

struct JudgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judge", abstract: "How far LLM judges agree with people.", subcommands: [Calibrate.self])

    struct Calibrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each judge scorer of a run against people's review labels: agreement, Cohen's κ, sensitivity, specificity, corrected pass rate.",
            discussion: """
                The judge's verdict on a labelled result is its pass/fail against the scorer's threshold; people's is \
                the majority of the reviewers' current labels (`evalctl review`). Warns when κ < 0.6 or fewer than \
                30 results are labelled. Exit codes: 0 the report was written; 2 bad usage or no such run.
                """)

        @Argument(help: "A run id, 'latest', a tag or a run key.")
        var run = "latest"

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var terminal: TerminalOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let id = try await store.runID(for: run)
                let report = CalibrationReport(calibration: try await JudgeCalibration.load(store: store, runID: id))
                Console().out(format == .json ? report.json() : report.text(style: terminal.style))
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }
}
