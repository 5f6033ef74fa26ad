import Foundation

extension JUnitReport {
    /// The JUnit view of a stored run: a `<testsuite>` per eval set × prompt × backend, a `<testcase>` per case and
    /// repeat. Class names and test names hold only stable identifiers, so CI can track a case across runs.
    ///
    /// With a `comparison` (a gated run), cases that passed in the baseline and fail now are failures of type
    /// `Regression`, and each suite gets one `[gate]` test case per scorer that fails on a regression, whatever
    /// the suite's `min_pass_rate`.
    public init(run: RunSummary, results: [StoredResult], comparison: RunComparison? = nil) {
        let resultsBySuite = Dictionary(grouping: results, by: \.result.suiteID)
        let suites = run.suites.map { summary -> JUnitSuite in
            let suiteResults = resultsBySuite[summary.suite.id] ?? []
            var suite = Self.suite(summary, of: run, time: suiteResults.reduce(0) { $0 + ($1.result.latencyMs ?? 0) } / 1000,
                                   answeringModel: SuiteResultFigures(results: suiteResults).answeringModel, comparison: comparison)
            suite.testCases = suiteResults.map { Self.testCase($0, in: summary.suite, comparison: comparison) }
                + Self.gateCases(summary.suite, comparison: comparison)
            return suite
        }
        self.init(name: "evalctl run \(run.run.id)", suites: suites)
    }

    /// A suite's `<testsuite>` element without its test cases: name, times and properties. `model` is the model most
    /// answers came from (`answeringModel`), as in the JSON summary; `configured_model` follows when the config named
    /// another (answers through a fallback, or a server serving another model).
    static func suite(_ summary: SuiteSummary, of run: RunSummary, time: Double, answeringModel: String?,
                      comparison: RunComparison?) -> JUnitSuite {
        let suite = summary.suite
        var properties: [JUnitProperty] = [
            JUnitProperty(name: "evalset", value: suite.evalset),
            JUnitProperty(name: "evalset_version", value: suite.evalsetVersion),
            JUnitProperty(name: "evalset_hash", value: suite.evalsetHash),
            JUnitProperty(name: "prompt", value: suite.promptID),
            JUnitProperty(name: "prompt_hash", value: suite.promptHash),
            JUnitProperty(name: "backend", value: suite.backend),
            JUnitProperty(name: "model", value: answeringModel ?? suite.model),
        ]
        if let answeringModel, answeringModel != suite.model {
            properties.append(JUnitProperty(name: "configured_model", value: suite.model))
        }
        properties += [
            JUnitProperty(name: "run_id", value: String(run.run.id)),
            JUnitProperty(name: "min_pass_rate", value: JSONValue.format(number: suite.minPassRate)),
            JUnitProperty(name: "pass_rate", value: String(format: "%.4f", summary.passRate)),
            JUnitProperty(name: "from_cache", value: String(summary.fromCache)),
        ]
        // Who answered how many: the suite's backend and, when it failed cases over, its fallbacks.
        for (backend, count) in summary.answeredBy.sorted(by: { $0.key < $1.key }) {
            properties.append(JUnitProperty(name: "answered_by.\(backend)", value: String(count)))
        }
        if let cost = summary.costUSD { properties.append(JUnitProperty(name: "cost_usd", value: String(format: "%.6f", cost))) }
        if let comparison { properties.append(JUnitProperty(name: "baseline_run_id", value: String(comparison.baseline.run.id))) }
        for name in summary.metrics.keys.sorted() {
            properties.append(JUnitProperty(name: "corpus_\(name)", value: String(format: "%.4f", summary.metrics[name]!)))
        }
        return JUnitSuite(
            name: "\(suite.evalset) / \(suite.promptID) / \(suite.backend)", id: Int(suite.id),
            timestamp: run.run.startedAt, hostname: run.run.hostname, time: time, properties: properties)
    }

    static func classname(_ suite: Stored<SuiteRecord>) -> String {
        "\(suite.evalset).\(suite.promptID).\(suite.backend)"
    }

    /// One result's test case; with a comparison, a case that passed in the baseline and fails now is a `Regression`.
    static func testCase(_ stored: StoredResult, in suite: Stored<SuiteRecord>, comparison: RunComparison?) -> JUnitTestCase {
        var outcome = outcome(stored)
        if let comparison, case .failed(let message, _, let details) = outcome,
           comparison.regressed(SuiteKey(suite), caseID: stored.result.caseID) {
            outcome = .failed(message: "regressed: passed in baseline run \(comparison.baseline.run.id); \(message)",
                              type: "Regression", details: details)
        }
        return JUnitTestCase(
            classname: classname(suite), name: testName(stored.result, repeats: suite.repeats),
            time: (stored.result.latencyMs ?? 0) / 1000, outcome: outcome, systemOut: systemOut(stored))
    }

    /// The suite's `[gate]` test cases, one per scorer the comparison tested; none without a comparison.
    static func gateCases(_ suite: Stored<SuiteRecord>, comparison: RunComparison?) -> [JUnitTestCase] {
        guard let comparison else { return [] }
        let key = SuiteKey(suite)
        return comparison.scorers.filter { $0.suite == key }.map { gateCase($0, classname: classname(suite), baseline: comparison.baseline) }
    }

    /// The gate's verdict on one scorer of the suite, as a test case CI shows next to the cases.
    static func gateCase(_ scorer: ScorerComparison, classname: String, baseline: RunSummary) -> JUnitTestCase {
        let figure = scorer.tested
        let summary = "\(scorer.metric == .passRate ? "pass rate" : "mean score") \(RunSummaryReport.percent(figure.baseline)) → "
            + "\(RunSummaryReport.percent(figure.candidate)) (\(ComparisonReport.change(figure))), p(Holm) \(ComparisonReport.pValue(scorer.adjustedPValue)), "
            + "detectable drop \(ComparisonReport.points(scorer.minimumDetectableDrop)), \(scorer.regressed) cases pass → fail"
        let outcome: JUnitTestCase.Outcome = scorer.verdict == .regression
            ? .failed(message: "regression against baseline run \(baseline.run.id): \(summary)", type: "Regression", details: summary)
            : .passed
        return JUnitTestCase(classname: classname, name: "[gate] \(scorer.scorer)", time: 0, outcome: outcome,
                             systemOut: "\(ComparisonReport.verdictText(scorer.verdict)): \(summary)"
                                + (scorer.verdict == .inconclusive ? "; " + ComparisonReport.inconclusiveReason(scorer) : ""))
    }

    static func testName(_ result: Stored<ResultRecord>, repeats: Int) -> String {
        repeats > 1 ? "\(result.caseID) [repeat \(result.repeatIndex + 1)]" : result.caseID
    }

    static func outcome(_ stored: StoredResult) -> JUnitTestCase.Outcome {
        switch stored.result.status {
        case .error:
            let message = stored.result.error ?? "error"
            let type = stored.result.errorKind == .scorer ? "ScorerError" : "BackendError"
            return .errored(message: message, type: type, details: message)
        case .skipped:
            return .skipped(message: stored.result.error ?? "not run", type: "CostBudget")
        case .failed:
            let failing = stored.scores.filter { !$0.passed }
            let message = failing.map { "\($0.scorer): \($0.reason)" }.joined(separator: "; ")
            return .failed(message: message, type: "ScoreBelowThreshold", details: scoreLines(stored.scores))
        default:
            return .passed
        }
    }

    static func systemOut(_ stored: StoredResult) -> String {
        var text = "output:\n\(stored.result.output ?? "(none)")\n\nscores:\n\(scoreLines(stored.scores))"
        if let error = stored.result.error { text += "\nerror: \(error)" }
        if let flags = stored.result.flags, !flags.isEmpty { text += "\nflagged for review: \(flags.joined(separator: "; "))" }
        // A refusal (Anthropic's stop reason, OpenAI's content filter) is why such an output fails: say so beside it.
        if let reason = stored.result.finishReason, FinishReason.isRefusal(reason) { text += "\nfinish reason: \(reason) (the model declined to answer)" }
        return text
    }

    static func scoreLines(_ scores: [ScoreRecord]) -> String {
        scores.map { score in
            let verdict = score.passed ? "pass" : "FAIL"
            return "\(score.scorer) = \(JSONValue.format(number: score.value)) (threshold \(JSONValue.format(number: score.threshold)), \(verdict)): \(score.reason)"
        }.joined(separator: "\n")
    }
}
