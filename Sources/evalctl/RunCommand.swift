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
            cannot be compared; 3 a case ended in an error, or the run stopped at its cost budget (wins over 1 and 2).
            """)

    @Argument(help: "Eval set directories (each with an evalset.yaml); with --resume, the run's own.")
    var evalSets: [String] = []

    @Option(name: .customLong("backend"), help: "A backend from the config; repeat for several (default: the first one).")
    var backends: [String] = []

    @Option(name: .customLong("prompt"), help: "A prompt version id; repeat for several, or 'all' (default: each eval set's default_prompt).")
    var prompts: [String] = []

    @Option(name: .customLong("repeat"), help: "How many times to send each case (default 1).")
    var repeats: Int?

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
    var config = EvalConfig.defaultFileName

    @Option(help: "Response cache: use (read hits, record misses), refresh (ask, overwrite), off (default), only (never ask a model).")
    var cache: CacheModeArgument?

    @Option(name: .customLong("max-cost"), help: "Stop scheduling once this many US dollars are spent or in flight; the rest is skipped (exit 3).")
    var maxCost: Double?

    @Option(help: "Continue a stopped run (an id or 'latest'): only the cells it has not stored are sent.")
    var resume: String?

    @Flag(name: .customLong("retry-errors"), help: "With --resume: send the cells that ended in an error again too.")
    var retryErrors = false

    @Option(help: ArgumentHelp("Run only shard K of N (numbered from 1): the cases whose eval set and id hash to it. Needs --run-key.",
                               valueName: "K/N"))
    var shard: String?

    @Option(name: .customLong("run-key"), help: ArgumentHelp(
        "The key every shard of one run shares (e.g. the CI pipeline's id): the first shard creates the run, the others join it.",
        valueName: "KEY"))
    var runKey: String?

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Write a JUnit XML report here.")
    var junit: String?

    @Option(help: "Write the HTML report focused on this run (its eval sets, last 30 days) here.")
    var html: String?

    @Option(help: "Tag the run when it completes (e.g. main); the tag then points at it.")
    var tag: String?

    @Option(help: "Compare with this run (an id, 'latest', a tag or a run key) at the end; a regression exits 1.")
    var baseline: String?

    @Flag(help: "With --baseline: exit 1 when the comparison is inconclusive (the eval set cannot detect a drop of the margin).")
    var failInconclusive = false

    @OptionGroup var rule: ComparisonOptions

    @Option(help: "Summary format on standard output.")
    var format: OutputFormat = .text

    @OptionGroup var terminal: TerminalOptions

    func validate() throws {
        if let repeats, repeats < 1 { throw ValidationError("--repeat must be at least 1") }
        if evalSets.isEmpty && resume == nil { throw ValidationError("give at least one eval set directory (or --resume RUN)") }
        if retryErrors && resume == nil { throw ValidationError("--retry-errors goes with --resume RUN") }
        if failInconclusive && baseline == nil { throw ValidationError("--fail-inconclusive goes with --baseline RUN") }
        if let maxCost, !(maxCost > 0) || !maxCost.isFinite { throw ValidationError("--max-cost must be a positive number of US dollars") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        var options = RunOptions(evalSetPaths: evalSets, databasePath: database.resolvedPath)
        options.backendNames = backends
        options.promptIDs = prompts
        options.repeats = repeats ?? 1
        options.repeatsGiven = repeats != nil
        options.cacheMode = cache?.mode
        options.maxCostUSD = maxCost
        options.resume = resume
        options.retryErrors = retryErrors
        options.runKey = runKey
        if let shard {
            do { options.shard = try Shard(parsing: shard) } catch { throw ExitMapping.fail(error) }
        }
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
        if let resumed = outcome.resumed {
            console.error("resumed run \(outcome.summary.run.id): sent \(resumed.sent.formatted()) of its \(resumed.of.formatted()) cells; the rest were stored before")
        }
        var report = RunSummaryReport(summary: outcome.summary, figures: outcome.suiteFigures, duration: outcome.duration,
                                      comparison: outcome.comparison)
        (report.errorReasons, report.health) = (outcome.errorReasons, outcome.health)
        let style = terminal.style
        if let shard = outcome.shard {
            // A shard reports its own cells; the whole run's table once it is the shard that closed the run.
            let shardReport = ShardRunReport(outcome: shard)
            if format == .json {
                console.out(shardReport.json())
            } else {
                if shard.closedRun { console.out(report.text(style: style) + "\n") }
                console.out(shardReport.text(style: style))
            }
        } else {
            console.out(format == .json ? report.json() : report.text(style: style))
        }
        if let failure = outcome.failure {
            let text = SecretRedactor.shapesOnly.redact(failure)
            console.error(outcome.status == .interrupted ? text : "error: \(text)")
        }
        if let budgetStop = outcome.budgetStop { console.error(budgetStop) }
        if let comparison = outcome.comparison {
            let report = ComparisonReport(comparison: comparison)
            if format == .json { console.error(report.verdictLine) } else { console.out("\n" + report.text(style: style)) }
        }
        if let problem = outcome.comparisonFailure { console.error("error: \(problem)") }
        for failure in outcome.reportFailures { console.error("error: \(failure) (the run and its results are stored)") }
        let unwritten = Set(outcome.reportFailures.map(\.path))
        if let junit, !unwritten.contains(junit) { console.error("JUnit report: \(junit)") }
        if let written = outcome.htmlReport { console.error("HTML report: \(written)") }
        var verdict = outcome.verdict
        verdict.inconclusiveFails = failInconclusive
        try ExitMapping.finish(verdict)
    }
}

/// `--cache MODE`, as ArgumentParser reads it.
struct CacheModeArgument: ExpressibleByArgument {
    let mode: CacheMode

    init?(argument: String) {
        guard let mode = CacheMode(rawValue: argument) else { return nil }
        self.mode = mode
    }

    static var allValueStrings: [String] { CacheMode.allCases.map(\.rawValue) }
}
