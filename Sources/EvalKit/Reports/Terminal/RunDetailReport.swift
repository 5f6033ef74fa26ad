/// `evalctl runs show`: a run's suites, then its failed and errored cases with output and reasons.
public struct RunDetailReport: Sendable {
    public let summary: RunSummary
    public let results: [StoredResult]

    public init(summary: RunSummary, results: [StoredResult]) {
        self.summary = summary
        self.results = results
    }

    /// The run for a person; `style` colours statuses and fits the summary and header lines to the terminal.
    public func text(maxCases: Int = 50, style: TerminalStyle = .plain) -> String {
        let run = summary.run
        var lines = [
            "run \(run.id)  \(style.verdict(run.status))  started \(DateText.utc(run.startedAt)) UTC" + (summary.tags.isEmpty ? "" : "  tags \(summary.tags.joined(separator: ","))"),
            "evalctl \(run.evalctlVersion)  commit \(run.gitCommit ?? "-")  config \(run.configHash.prefix(12))",
        ]
        if let note = summary.ownerNote { lines.append(note) }
        if let selection = run.caseSelection { lines.append("cases selected by \(selection)") }
        if let source = run.rescoredFrom { lines.append("rescored from run \(source): its stored outputs, scored again; nothing was sent to the model") }
        if run.resumedCount > 0 { lines.append("resumed \(run.resumedCount) time\(run.resumedCount == 1 ? "" : "s") (`run --resume`)") }
        if let budget = run.maxCostUSD { lines.append("cost budget \(CostBudget.dollars(budget))") }
        lines += [
            "",
            RunSummaryReport(summary: summary, results: results).text(style: style),
        ]
        let notPassed = results.filter { $0.result.status != .passed }
        if !notPassed.isEmpty {
            lines.append("")
            lines.append("failed and errored cases (\(notPassed.count)):")
            for stored in notPassed.prefix(maxCases) {
                let result = stored.result
                let detail = result.error ?? stored.scores.filter { !$0.passed }.map { "\($0.scorer): \($0.reason)" }.joined(separator: "; ")
                let status = style.paint(result.status.rawValue.uppercased(), result.status == .error ? .yellow : .red)
                let refused = FinishReason.isRefusal(result.finishReason) ? "(refused: finish reason \(result.finishReason ?? "")) " : ""
                lines.append("  \(status)  \(result.evalset)/\(result.caseID)  [\(result.promptID) @ \(result.backend)]  \(refused)\(TerminalText.sanitize(detail))")
            }
            if notPassed.count > maxCases { lines.append("  … \(notPassed.count - maxCases) more (use --format json)") }
        }
        let flagged = results.filter { !($0.result.flags ?? []).isEmpty }
        if !flagged.isEmpty {
            lines.append("")
            lines.append("flagged for review (\(flagged.count)):")
            for stored in flagged.prefix(maxCases) {
                let result = stored.result
                let reasons = (result.flags ?? []).joined(separator: "; ")
                let repeatText = result.repeatIndex > 0 ? " [repeat \(result.repeatIndex + 1)]" : ""
                lines.append("  \(style.paint("FLAGGED", .yellow))  \(result.evalset)/\(result.caseID)\(repeatText)  [\(result.promptID) @ \(result.backend)]  \(TerminalText.sanitize(reasons))")
            }
            if flagged.count > maxCases { lines.append("  … \(flagged.count - maxCases) more (use --format json)") }
        }
        let text = lines.joined(separator: "\n")
        return style.columns.map { TerminalStyle.wrap(text, columns: $0) } ?? text
    }

    public func json() -> String {
        guard case .object(var fields) = summary.jsonValue else { return "{}" }
        fields["refusals"] = .number(Double(results.count { FinishReason.isRefusal($0.result.finishReason) }))
        fields["results"] = .array(results.map { stored in
            let result = stored.result
            var entry: [String: JSONValue] = [
                "evalset": .string(result.evalset), "case_id": .string(result.caseID), "prompt": .string(result.promptID),
                "backend": .string(result.backend), "model": .string(result.model),
                "repeat": .number(Double(result.repeatIndex)), "status": .string(result.status.rawValue),
                "scores": .array(stored.scores.map { .object([
                    "scorer": .string($0.scorer), "value": .number($0.value), "passed": .bool($0.passed), "reason": .string($0.reason),
                ]) }),
            ]
            entry["output"] = result.output.map(JSONValue.string) ?? .null
            entry["error"] = result.error.map(JSONValue.string) ?? .null
            entry["latency_ms"] = result.latencyMs.map(JSONValue.number) ?? .null
            entry["ttft_ms"] = result.ttftMs.map(JSONValue.number) ?? .null
            entry["finish_reason"] = result.finishReason.map(JSONValue.string) ?? .null
            entry["refused"] = .bool(FinishReason.isRefusal(result.finishReason))
            entry["flags"] = .array((result.flags ?? []).map(JSONValue.string))
            entry["from_cache"] = .bool(result.fromCache)
            entry["cost_usd"] = result.costUSD.map(JSONValue.usd) ?? .null
            entry["judge_cost_usd"] = result.judgeCostUSD.map(JSONValue.usd) ?? .null
            return .object(entry)
        })
        return JSONValue.object(fields).canonicalJSON
    }
}

/// Makes untrusted text (model output) safe to print on a terminal: no escape sequences, one line.
enum TerminalText {
    static func sanitize(_ text: String, limit: Int = 160) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" || scalar == "\r" {
                scalars.append(" ")
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                scalars.append("\u{FFFD}")
            } else if scalar.isBidirectionalControl {
                scalars.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                scalars.append(scalar)
            }
        }
        let single = String(scalars)
        return single.count > limit ? String(single.prefix(limit)) + "…" : single
    }
}
