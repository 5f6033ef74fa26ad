import ArgumentParser
import EvalKit

struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Exit 1 if a run regressed against a baseline: a significant drop larger than the margin.",
        discussion: """
            A drop is a regression when a one-sided paired test (exact McNemar for pass/fail, sign-flip permutation \
            for continuous scores) is significant at --alpha after Holm correction across every eval set × prompt × \
            backend × scorer, and the drop is larger than --margin. A comparison that is not a regression is \
            inconclusive when its eval set cannot detect a drop of the margin (or of the drop observed). Exit codes: \
            0 no regression, or inconclusive; 1 regression (or inconclusive, with --fail-inconclusive); 2 the runs \
            cannot be compared (or one did not complete); 3 the candidate has errored cases (wins over 1).
            """)

    @Option(help: "The baseline run: an id, 'latest', a tag or a run key.")
    var baseline: String

    @Option(help: "The run to check: an id, 'latest', a tag or a run key.")
    var run = "latest"

    @Flag(help: "Exit 1 when the comparison is inconclusive (the eval set cannot detect a drop of the margin), as on a regression.")
    var failInconclusive = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var rule: ComparisonOptions
    @OptionGroup var output: ComparisonOutput

    func run() async throws {
        let comparison: RunComparison
        do {
            let store = try StoreLocation.open(database.resolvedPath, create: false)
            var policy = rule.policy
            policy.requireCompletedRuns = true
            comparison = try await RunComparison.load(store: store, baseline: baseline, candidate: run, policy: policy)
            var report = ComparisonReport(comparison: comparison)
            report.calibration = try await JudgeCalibration.load(store: store, runID: comparison.candidate.run.id)
            try output.write(report)
        } catch {
            throw ExitMapping.fail(error)
        }
        if output.output != nil || output.format != .text { Console().error(ComparisonReport(comparison: comparison).verdictLine) }
        // As with `run`: errors in the candidate are infrastructure, and win over a regression (see `Verdict`).
        if comparison.candidate.errored > 0 {
            Console().error("error: run \(comparison.candidate.run.id) has \(comparison.candidate.errored) errored cases, left out of the comparison")
        }
        try ExitMapping.finish(Verdict(errored: comparison.candidate.errored > 0, failedBar: comparison.hasRegression,
                                       inconclusive: comparison.verdict == .inconclusive, inconclusiveFails: failInconclusive))
    }
}
