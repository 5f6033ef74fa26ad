import Foundation

/// `evalctl runs list`: one line per run.
public struct RunListing: Sendable {
    public let runs: [RunSummary]

    public init(runs: [RunSummary]) {
        self.runs = runs
    }

    /// The table; when `style.columns` is narrower than it, a narrow table (short dates and commits, fewer counts).
    public func text(style: TerminalStyle = .plain) -> String {
        guard !runs.isEmpty else { return "no runs yet" }
        var table = TextTable(
            headers: ["RUN", "STARTED (UTC)", "STATUS", "TAGS", "SUITES", "CASES", "PASS", "FAIL", "ERROR", "PASS RATE", "COMMIT"],
            alignments: [.right, .left, .left, .left, .right, .right, .right, .right, .right, .right, .left])
        for summary in runs {
            let run = summary.run
            table.add([
                String(run.id), DateText.utc(run.startedAt), style.verdict(run.status), summary.tags.joined(separator: ","), String(summary.suites.count),
                String(summary.total), String(summary.passed), String(summary.failed), String(summary.errored),
                RunSummaryReport.percent(summary.passRate), run.gitCommit.map { String($0.prefix(10)) } ?? "",
            ])
        }
        let full = table.render()
        guard let columns = style.columns, full.split(separator: "\n").contains(where: { TerminalStyle.visibleWidth(String($0)) > columns }) else {
            return full
        }
        var narrow = TextTable(headers: ["RUN", "STARTED", "STATUS", "CASES", "ERR", "RATE", "TAGS", "COMMIT"],
                               alignments: [.right, .left, .left, .right, .right, .right, .left, .left])
        for summary in runs {
            let run = summary.run
            narrow.add([String(run.id), String(DateText.utc(run.startedAt).dropFirst(5).prefix(11)), style.verdict(run.status),
                        String(summary.total), String(summary.errored), RunSummaryReport.percent(summary.passRate),
                        summary.tags.joined(separator: ","), run.gitCommit.map { String($0.prefix(7)) } ?? ""])
        }
        return narrow.render(maxWidth: columns, shrinkable: [6, 7])
    }

    public func json() -> String {
        JSONValue.object(["runs": .array(runs.map(\.jsonValue))]).canonicalJSON
    }
}

extension RunSummary {
    var jsonValue: JSONValue {
        var fields: [String: JSONValue] = [
            "run_id": .number(Double(run.id)), "status": .string(run.status.rawValue), "started_at": .string(DateText.iso(run.startedAt)),
            "evalctl_version": .string(run.evalctlVersion), "config_hash": .string(run.configHash),
            "total": .number(Double(total)), "passed": .number(Double(passed)), "failed": .number(Double(failed)),
            "errored": .number(Double(errored)), "pass_rate": .number(passRate),
        ]
        fields["finished_at"] = run.finishedAt.map { .string(DateText.iso($0)) } ?? .null
        fields["tag"] = run.tag.map(JSONValue.string) ?? .null
        fields["tags"] = .array(tags.map(JSONValue.string))
        fields["git_commit"] = run.gitCommit.map(JSONValue.string) ?? .null
        fields["case_selection"] = run.caseSelection.map(JSONValue.string) ?? .null
        fields["rescored_from"] = run.rescoredFrom.map { .number(Double($0)) } ?? .null
        fields["resumed_count"] = .number(Double(run.resumedCount))
        fields["max_cost_usd"] = run.maxCostUSD.map(JSONValue.usd) ?? .null
        fields["skipped"] = .number(Double(skipped))
        fields["from_cache"] = .number(Double(fromCache))
        fields["cost_usd"] = costUSD.map(JSONValue.usd) ?? .null
        fields["generation_cost_usd"] = generationCostUSD.map(JSONValue.usd) ?? .null
        fields["judging_cost_usd"] = judgingCostUSD.map(JSONValue.usd) ?? .null
        fields["suites"] = .array(suites.map { suite in
            var entry: [String: JSONValue] = [
                "evalset": .string(suite.suite.evalset), "prompt": .string(suite.suite.promptID), "backend": .string(suite.suite.backend),
                "model": .string(suite.suite.model), "total": .number(Double(suite.total)), "passed": .number(Double(suite.passed)),
                "failed": .number(Double(suite.failed)), "errored": .number(Double(suite.errored)), "skipped": .number(Double(suite.skipped)),
                "from_cache": .number(Double(suite.fromCache)), "answered_by": .object(suite.answeredBy.mapValues { .number(Double($0)) }),
            ]
            entry["cost_usd"] = suite.costUSD.map(JSONValue.usd) ?? .null
            entry["generation_cost_usd"] = suite.generationCostUSD.map(JSONValue.usd) ?? .null
            entry["judging_cost_usd"] = suite.judgingCostUSD.map(JSONValue.usd) ?? .null
            return .object(entry)
        })
        fields["cost_by_backend"] = .object(Dictionary(costByBackend.map { ($0.backend, JSONValue.usd($0.costUSD)) }, uniquingKeysWith: { a, _ in a }))
        fields["owner"] = run.owner.map { owner in
            var entry: [String: JSONValue] = [
                "host": .string(owner.host), "pid": .number(Double(owner.pid)),
                "start_time": owner.startTime.map { .number(Double($0)) } ?? .null, "boot_id": owner.bootID.map(JSONValue.string) ?? .null,
            ]
            if let ownerLiveness {
                (entry["state"], entry["detail"]) = switch ownerLiveness {
                case .alive: (.string("alive"), .null)
                case .gone(let why): (.string("gone"), .string(why))
                case .unknown(let why): (.string("unknown"), .string(why))
                }
            }
            return .object(entry)
        } ?? .null
        return .object(fields)
    }

    /// Why the run shows as abandoned, or why a running run could not be checked; nil otherwise.
    var ownerNote: String? {
        switch ownerLiveness {
        case .gone(let why): "abandoned: \(why); it will never finish, and the \(total) results stored before are kept"
        case .unknown(let why): "running as stored: \(why)"
        case .alive, nil: nil
        }
    }
}

/// Date formats used in reports.
enum DateText {
    static func utc(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
