import ArgumentParser
import EvalKit

struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Exit 1 if a run regressed against a baseline: a significant drop larger than the margin.",
        discussion: """
            A drop is a regression when a one-sided paired test (exact McNemar for pass/fail, sign-flip permutation \
            for continuous scores) is significant at --alpha after Holm correction across every eval set × prompt × \
            backend × scorer, and the drop is larger than --margin. Exit codes: 0 no regression; 1 regression; \
            2 the runs cannot be compared.
            """)

    @Option(help: "The baseline run: an id, 'latest' or a tag.")
    var baseline: String

    @Option(help: "The run to check: an id, 'latest' or a tag.")
    var run = "latest"

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var rule: ComparisonOptions
    @OptionGroup var output: ComparisonOutput

    func run() async throws {
        let comparison: RunComparison
        do {
            let store = try EvalStore(path: database.resolvedPath)
            comparison = try await RunComparison.load(store: store, baseline: baseline, candidate: run, policy: rule.policy)
            try output.write(ComparisonReport(comparison: comparison))
        } catch {
            throw ExitMapping.fail(error)
        }
        if output.output != nil || output.format != .text { Console().error(ComparisonReport(comparison: comparison).verdictLine) }
        if comparison.hasRegression { throw ExitCode(ExitStatus.belowThreshold.rawValue) }
    }
}
