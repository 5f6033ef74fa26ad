import ArgumentParser
import EvalKit

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a candidate run with a baseline, case by case, with paired statistics.",
        discussion: """
            Runs are given as ids, 'latest' or tags. Exit codes: 0 the report was written (whatever it says); \
            2 the runs cannot be compared. Use `evalctl gate` to fail on a regression.
            """)

    @Argument(help: "The baseline run: an id, 'latest', a tag or a run key.")
    var baseline: String

    @Argument(help: "The candidate run: an id, 'latest', a tag or a run key.")
    var candidate: String

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var rule: ComparisonOptions
    @OptionGroup var output: ComparisonOutput

    func run() async throws {
        do {
            let store = try StoreLocation.open(database.resolvedPath, create: false)
            let comparison = try await RunComparison.load(store: store, baseline: baseline, candidate: candidate, policy: rule.policy)
            var report = ComparisonReport(comparison: comparison)
            report.calibration = try await JudgeCalibration.load(store: store, runID: comparison.candidate.run.id)
            try output.write(report)
        } catch {
            throw ExitMapping.fail(error)
        }
    }
}
