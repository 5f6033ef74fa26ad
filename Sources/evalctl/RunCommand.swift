import ArgumentParser
import EvalKit
import Foundation

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run eval sets × prompt versions × backends, store every result, and exit by the verdict.",
        discussion: """
            Exit codes: 0 every suite meets its min_pass_rate (and, with --baseline, no regression); 1 a suite is \
            below it, or regressed against the baseline; 2 bad usage or input (nothing is sent), or the baseline \
            cannot be compared; 3 a case ended in an error (wins over 1 and 2).
            """)

    @Argument(help: "Eval set directories (each with an evalset.yaml).")
    var evalSets: [String]

    @Option(name: .customLong("backend"), help: "A backend from the config; repeat for several (default: the first one).")
    var backends: [String] = []

    @Option(name: .customLong("prompt"), help: "A prompt version id; repeat for several, or 'all' (default: each eval set's default_prompt).")
    var prompts: [String] = []

    @Option(name: .customLong("repeat"), help: "How many times to send each case.")
    var repeats = 1

    @Option(help: "Requests in flight per backend, overriding each backend's concurrency.")
    var concurrency: Int?

    @Option(name: .customLong("case"), help: "Only cases whose id matches this glob (*, ?, [...]); repeat for several.")
    var cases: [String] = []

    @Option(name: .customLong("case-tag"), help: "Only cases with this tag; repeat for several (any of them).")
    var caseTags: [String] = []

    @Option(help: "Only the first N selected cases of each eval set, in file order.")
    var limit: Int?

    @Option(help: "A random N of the selected cases of each eval set, the same for the same --seed.")
    var sample: Int?

    @Option(help: "The backends config file.")
    var config = "evalctl.yaml"

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Write a JUnit XML report here.")
    var junit: String?

    @Option(help: "Write the HTML report focused on this run (its eval sets, last 30 days) here.")
    var html: String?

    @Option(help: "Tag the run when it completes (e.g. main); the tag then points at it.")
    var tag: String?

    @Option(help: "Compare with this run (an id, 'latest' or a tag) at the end; a regression exits 1.")
    var baseline: String?

    @OptionGroup var rule: ComparisonOptions

    @Option(help: "Summary format on standard output.")
    var format: OutputFormat = .text

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeat must be at least 1") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        var options = RunOptions(evalSetPaths: evalSets, databasePath: database.resolvedPath)
        options.backendNames = backends
        options.promptIDs = prompts
        options.repeats = repeats
        options.concurrency = concurrency
        options.configPath = config
        options.junitPath = junit
        options.htmlPath = html
        options.tag = tag
        options.baseline = baseline
        options.comparisonPolicy = rule.policy
        options.comparisonPolicy.requireCompletedRuns = true
        options.selection = CaseSelection(patterns: cases, tags: caseTags, limit: limit, sample: sample, seed: rule.seed)
        options.commandLine = CommandLine.arguments.joined(separator: " ")
        let orchestrator = RunOrchestrator(options: options)
        let console = Console()
        let outcome: RunOrchestrator.Outcome
        do {
            outcome = try await InterruptibleTask.run {
                try await orchestrator.run(progress: ProgressLine())
            }
        } catch {
            throw ExitMapping.fail(error)
        }
        let report = RunSummaryReport(summary: outcome.summary, figures: outcome.suiteFigures, duration: outcome.duration,
                                      comparison: outcome.comparison)
        console.out(format == .json ? report.json() : report.text())
        if let failure = outcome.failure {
            let text = SecretRedactor.shapesOnly.redact(failure)
            console.error(outcome.status == .interrupted ? text : "error: \(text)")
        }
        if let comparison = outcome.comparison {
            let report = ComparisonReport(comparison: comparison)
            if format == .json { console.error(report.verdictLine) } else { console.out("\n" + report.text()) }
        }
        if let problem = outcome.comparisonFailure { console.error("error: \(problem)") }
        for failure in outcome.reportFailures { console.error("error: \(failure) (the run and its results are stored)") }
        let unwritten = Set(outcome.reportFailures.map(\.path))
        if let junit, !unwritten.contains(junit) { console.error("JUnit report: \(junit)") }
        if let html, !unwritten.contains(html), outcome.summary.run.status == .completed { console.error("HTML report: \(html)") }
        try ExitMapping.finish(outcome.verdict)
    }
}
