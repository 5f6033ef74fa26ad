import Foundation

/// The end-of-run summary: a table for people (`--format text`) or one JSON object for programs (`--format json`).
public struct RunSummaryReport: Sendable {
    public let summary: RunSummary
    /// Latency and time-to-first-token medians per suite id, in milliseconds.
    public let latencies: [Int64: (latency: Double?, ttft: Double?)]
    /// Seconds from the first request to the last stored result, when known.
    public let duration: Double?
    /// The run against its baseline, for a gated run.
    public let comparison: RunComparison?
    /// The model each suite's backend reported in its answers (it may differ from the configured one), by suite id.
    let answeringModels: [Int64: String]
    /// Answers whose model declined (finish reason `refusal` or `content_filter`), by suite id.
    let refusals: [Int64: Int]
    /// The run's most frequent error reasons, for the error summary.
    public var errorReasons: [ErrorReason] = []
    /// What each backend's circuit breaker and quota did.
    public var health: [BackendHealth] = []

    /// The summary with each suite's figures as the store computes them (`suiteFigures`), without reading results.
    public init(summary: RunSummary, figures: [Int64: SuiteResultFigures], duration: Double? = nil, comparison: RunComparison? = nil) {
        self.summary = summary
        self.duration = duration
        self.comparison = comparison
        latencies = figures.mapValues { ($0.latencyMedianMs, $0.ttftMedianMs) }
        answeringModels = Dictionary(uniqueKeysWithValues: summary.suites.map {
            ($0.suite.id, figures[$0.suite.id]?.answeringModel ?? $0.suite.model)
        })
        refusals = figures.mapValues(\.refusals)
    }

    /// The summary of results already in memory (`runs show`).
    public init(summary: RunSummary, results: [StoredResult], duration: Double? = nil, comparison: RunComparison? = nil) {
        self.init(summary: summary, figures: Dictionary(grouping: results, by: \.result.suiteID).mapValues(SuiteResultFigures.init(results:)),
                  duration: duration, comparison: comparison)
    }

    /// The summary for a person. With `style.columns` narrower than the full table (a terminal under ~115
    /// columns, or COLUMNS set), the narrow layout combines and drops columns so it fits; without a width (a pipe, a
    /// file) the full table is printed as it always was.
    public func text(style: TerminalStyle = .plain) -> String {
        let full = fullTable(style: style).render()
        let fits = style.columns.map { columns in full.split(separator: "\n").allSatisfy { TerminalStyle.visibleWidth(String($0)) <= columns } } ?? true
        let table = fits ? full : narrowTable(style: style).render(maxWidth: style.columns, shrinkable: [0, 1])
        let run = summary.run
        let metricLines = summary.suites.flatMap { suite in
            suite.metrics.keys.sorted().map { name in
                "corpus \(name) \(String(format: "%.2f", suite.metrics[name]!)): \(suite.suite.evalset) / \(suite.suite.promptID) / \(suite.suite.backend)"
            }
        }
        let metrics = metricLines.isEmpty ? "" : "\n" + metricLines.joined(separator: "\n")
        let skipped = summary.skipped > 0 ? ", \(summary.skipped) skipped" : ""
        let spending = (Self.spendingLines(summary) + refusalLines() + answeredByLines() + healthLines() + errorLines()).map { "\n" + $0 }.joined()
        let passRate = summary.allErrored ? "n/a: every case errored" : Self.percent(summary.passRate)
        let text = """
            \(table)\(metrics)

            run \(run.id) \(style.verdict(run.status)): \(summary.total) cases, \(summary.passed) passed, \(summary.failed) failed, \(summary.errored) errors\(skipped) (pass rate \(passRate))\(spending)
            """
        return style.columns.map { TerminalStyle.wrap(text, columns: $0) } ?? text
    }

    /// With a COST column (answers and judging of each suite) when any cost is known.
    func fullTable(style: TerminalStyle) -> TextTable {
        let costs = summary.costUSD != nil
        var headers = ["EVAL SET", "PROMPT", "BACKEND", "MODEL", "CASES", "PASS", "FAIL", "ERROR", "PASS RATE", "MIN", "P50 MS", "TTFT MS"]
        var alignments: [TextTable.Alignment] = [.left, .left, .left, .left, .right, .right, .right, .right, .right, .right, .right, .right]
        if costs { (headers, alignments) = (headers + ["COST"], alignments + [.right]) }
        var table = TextTable(headers: headers + ["VERDICT"], alignments: alignments + [.left])
        for suite in summary.suites {
            let timing = latencies[suite.suite.id]
            var row: [String] = [
                suite.suite.evalset + " v" + suite.suite.evalsetVersion, suite.suite.promptID, suite.suite.backend,
                answeringModels[suite.suite.id] ?? suite.suite.model, String(suite.total), String(suite.passed), String(suite.failed), String(suite.errored),
                suite.allErrored ? "n/a" : Self.percent(suite.passRate), Self.percent(suite.suite.minPassRate),
                timing?.latency.map { String(format: "%.0f", $0) } ?? "-", timing?.ttft.map { String(format: "%.0f", $0) } ?? "-",
            ]
            if costs { row.append(Self.costCell(suite)) }
            table.add(row + [style.verdict(suite.verdict)])
        }
        return table
    }

    /// A suite's cost: `$0.30`, or `$0.36 ($0.30 + $0.06)` with judging; `-` without prices.
    static func costCell(_ suite: SuiteSummary) -> String {
        guard let cost = suite.costUSD else { return "-" }
        guard let judging = suite.judgingCostUSD else { return CostBudget.dollars(cost) }
        return "\(CostBudget.dollars(cost)) (\(CostBudget.dollars(suite.generationCostUSD ?? 0)) + \(CostBudget.dollars(judging)))"
    }

    /// For an 80-column terminal: eval set and prompt in one column, backend and model in another; no MIN, latency,
    /// TTFT or case count (pass + fail + errors is it); the suite's cost, answers and judging together, when known.
    /// `runs show` and `--format json` keep every figure.
    func narrowTable(style: TerminalStyle) -> TextTable {
        let costs = summary.costUSD != nil
        var headers = ["SUITE", "BACKEND/MODEL", "PASS", "FAIL", "ERR", "RATE"]
        var alignments: [TextTable.Alignment] = [.left, .left, .right, .right, .right, .right]
        if costs { (headers, alignments) = (headers + ["COST"], alignments + [.right]) }
        var table = TextTable(headers: headers + ["VERDICT"], alignments: alignments + [.left])
        for suite in summary.suites {
            var row: [String] = [
                "\(suite.suite.evalset) v\(suite.suite.evalsetVersion) \(suite.suite.promptID)",
                suite.suite.backend + "/" + (answeringModels[suite.suite.id] ?? suite.suite.model),
                String(suite.passed), String(suite.failed), String(suite.errored),
                suite.allErrored ? "n/a" : Self.percent(suite.passRate),
            ]
            if costs { row.append(suite.costUSD.map(CostBudget.dollars) ?? "-") }
            table.add(row + [style.verdict(suite.verdict)])
        }
        return table
    }

    public func json() -> String {
        let suites: [JSONValue] = summary.suites.map { suite in
            let timing = latencies[suite.suite.id]
            var fields: [String: JSONValue] = [
                "evalset": .string(suite.suite.evalset), "evalset_version": .string(suite.suite.evalsetVersion),
                "evalset_hash": .string(suite.suite.evalsetHash), "prompt": .string(suite.suite.promptID),
                "prompt_hash": .string(suite.suite.promptHash), "backend": .string(suite.suite.backend),
                "model": .string(answeringModels[suite.suite.id] ?? suite.suite.model),
                "configured_model": .string(suite.suite.model), "total": .number(Double(suite.total)),
                "passed": .number(Double(suite.passed)), "failed": .number(Double(suite.failed)),
                "errored": .number(Double(suite.errored)), "pass_rate": suite.allErrored ? .null : .number(suite.passRate),
                "min_pass_rate": .number(suite.suite.minPassRate), "meets_min_pass_rate": .bool(suite.meetsMinimum),
            ]
            fields["metrics"] = .object(suite.metrics.mapValues(JSONValue.number))
            fields["skipped"] = .number(Double(suite.skipped))
            fields["answered_by"] = .object(suite.answeredBy.mapValues { .number(Double($0)) })
            fields["from_cache"] = .number(Double(suite.fromCache))
            fields["refusals"] = .number(Double(refusals[suite.suite.id] ?? 0))
            fields["cost_usd"] = suite.costUSD.map(JSONValue.usd) ?? .null
            fields["generation_cost_usd"] = suite.generationCostUSD.map(JSONValue.usd) ?? .null
            fields["judging_cost_usd"] = suite.judgingCostUSD.map(JSONValue.usd) ?? .null
            fields["latency_p50_ms"] = timing?.latency.map { .number($0) } ?? .null
            fields["ttft_p50_ms"] = timing?.ttft.map { .number($0) } ?? .null
            return .object(fields)
        }
        return JSONValue.object([
            "run_id": .number(Double(summary.run.id)), "status": .string(summary.run.status.rawValue),
            "total": .number(Double(summary.total)), "passed": .number(Double(summary.passed)),
            "failed": .number(Double(summary.failed)), "errored": .number(Double(summary.errored)),
            "pass_rate": summary.allErrored ? .null : .number(summary.passRate), "suites": .array(suites),
            "error_reasons": .array(errorReasons.map { .object(["reason": .string($0.reason), "backend": .string($0.backend), "count": .number(Double($0.count))]) }),
            "backends": .array(health.map(\.jsonValue)),
            "skipped": .number(Double(summary.skipped)), "from_cache": .number(Double(summary.fromCache)),
            "refusals": .number(Double(refusalCount)),
            "cost_usd": summary.costUSD.map(JSONValue.usd) ?? .null,
            "generation_cost_usd": summary.generationCostUSD.map(JSONValue.usd) ?? .null,
            "judging_cost_usd": summary.judgingCostUSD.map(JSONValue.usd) ?? .null,
            "cost_by_backend": .object(Dictionary(summary.costByBackend.map { ($0.backend, JSONValue.usd($0.costUSD)) }, uniquingKeysWith: { a, _ in a })),
            "duration_s": duration.map(JSONValue.number) ?? .null,
            "comparison": comparison.map { ComparisonReport(comparison: $0).jsonValue } ?? .null,
        ]).canonicalJSON
    }

    static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }

    /// `answers from the response cache: 20 of 20` and `cost: $0.36 (answers $0.30, judging $0.06; openai $0.30)`,
    /// when there is anything to say.
    static func spendingLines(_ summary: RunSummary) -> [String] {
        var lines: [String] = []
        if summary.fromCache > 0 {
            lines.append("answers from the response cache: \(summary.fromCache) of \(summary.total)")
        }
        if let cost = summary.costUSD {
            var parts = ["answers \(CostBudget.dollars(summary.generationCostUSD ?? 0))"]
            if let judging = summary.judgingCostUSD { parts.append("judging \(CostBudget.dollars(judging))") }
            let byBackend = summary.costByBackend
            var line = "cost: \(CostBudget.dollars(cost)) (\(parts.joined(separator: ", "))"
            if byBackend.count > 1 { line += "; " + byBackend.map { "\($0.backend) \(CostBudget.dollars($0.costUSD))" }.joined(separator: ", ") }
            lines.append(line + ")")
        }
        return lines
    }
}
