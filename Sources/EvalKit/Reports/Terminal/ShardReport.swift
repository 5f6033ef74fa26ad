import Foundation

/// What a person reads about a sharded run: each shard's condition (`runs wait`, `runs show`) and what one shard did
/// (`run --shard`).
public struct ShardTable: Sendable {
    public let key: String
    public let shardCount: Int
    public let runID: Int64?
    public let conditions: [(index: Int, condition: ShardCondition)]

    public init(key: String, shardCount: Int, runID: Int64?, conditions: [(index: Int, condition: ShardCondition)]) {
        self.key = key
        self.shardCount = shardCount
        self.runID = runID
        self.conditions = conditions
    }

    public var completed: Int { conditions.filter { $0.condition == .completed }.count }

    /// One line: `run key gh-42 (run 17): 3 of 4 shards completed, 1 running`.
    public var headline: String {
        var counts: [String: Int] = [:]
        for (_, condition) in conditions { counts[Self.word(condition), default: 0] += 1 }
        let rest = ["running", "stopped", "crashed", "not started"].compactMap { word in counts[word].map { "\($0) \(word)" } }
        let run = runID.map { " (run \($0))" } ?? ""
        return "run key \(key)\(run): \(completed) of \(shardCount) shards completed" + (rest.isEmpty ? "" : ", " + rest.joined(separator: ", "))
    }

    static func word(_ condition: ShardCondition) -> String {
        switch condition {
        case .missing: "not started"
        case .running: "running"
        case .completed: "completed"
        case .stopped: "stopped"
        case .crashed: "crashed"
        }
    }

    /// The headline and one line per shard that is not completed, saying how to finish it.
    public func text(style: TerminalStyle = .plain) -> String {
        var lines = [headline]
        for (index, condition) in conditions where condition != .completed {
            let shard = "\(index)/\(shardCount)"
            let again = "run its command again (it continues where it stopped), or `evalctl run --resume \(key) --shard \(shard)`"
            let line: String = switch condition {
            case .missing: "shard \(shard): not started"
            case .running(let host): "shard \(shard): running on \(host)"
            case .completed: "shard \(shard): completed"
            case .stopped(let status): "shard \(shard): \(status.rawValue); \(again)"
            case .crashed(let why): "shard \(shard): crashed (\(why)); \(again)"
            }
            lines.append("  " + (condition.isPending ? line : style.paint(line, .red)))
        }
        return lines.joined(separator: "\n")
    }

    /// The fields every JSON report on a sharded run starts from: the key, the run, and each shard's state.
    public var jsonFields: [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "run_key": .string(key), "shard_count": .number(Double(shardCount)), "completed": .number(Double(completed)),
            "shards": .array(conditions.map { index, condition in
                var shard: [String: JSONValue] = [
                    "shard": .number(Double(index)), "state": .string(Self.word(condition).replacingOccurrences(of: " ", with: "_")),
                ]
                switch condition {
                case .running(let host): shard["host"] = .string(host)
                case .stopped(let status): shard["status"] = .string(status.rawValue)
                case .crashed(let why): shard["reason"] = .string(why)
                default: break
                }
                return .object(shard)
            }),
        ]
        if let runID { fields["run_id"] = .number(Double(runID)) }
        return fields
    }
}

/// What `runs wait` prints when the wait ends: the whole run's summary once every shard completed, each shard that did
/// not, and whether the wait gave up.
public struct ShardWaitReport: Sendable {
    public let table: ShardTable
    /// The whole run, once it exists.
    public let summary: RunSummary?
    public let figures: [Int64: SuiteResultFigures]
    public let timedOut: Bool
    /// The timeout as the user gave it, e.g. `30m`.
    public let timeout: String
    public let waitedSeconds: Int64

    public init(table: ShardTable, summary: RunSummary?, figures: [Int64: SuiteResultFigures], timedOut: Bool, timeout: String,
                waitedSeconds: Int64) {
        (self.table, self.summary, self.figures, self.timedOut, self.timeout, self.waitedSeconds)
            = (table, summary, figures, timedOut, timeout, waitedSeconds)
    }

    public func text(style: TerminalStyle = .plain) -> String {
        var parts: [String] = []
        if let summary, table.completed == table.shardCount {
            parts.append(RunSummaryReport(summary: summary, figures: figures).text(style: style) + "\n")
        }
        parts.append(table.text(style: style))
        if timedOut { parts.append(style.paint("gave up after \(timeout): the shards above did not finish", .red)) }
        return parts.joined(separator: "\n")
    }

    public func json() -> String {
        var fields = table.jsonFields
        fields["timed_out"] = .bool(timedOut)
        fields["waited_seconds"] = .number(Double(waitedSeconds))
        if let summary {
            fields["run_status"] = .string(summary.run.status.rawValue)
            fields["results"] = .object(["total": .number(Double(summary.total)), "passed": .number(Double(summary.passed)),
                                         "failed": .number(Double(summary.failed)), "errors": .number(Double(summary.errored))])
        }
        return JSONValue.object(fields).canonicalJSON
    }
}

/// What `run --shard K/N` prints at the end: this shard's own cells, and where the run stands.
public struct ShardRunReport: Sendable {
    public let outcome: ShardOutcome

    public init(outcome: ShardOutcome) {
        self.outcome = outcome
    }

    public func text(style: TerminalStyle = .plain) -> String {
        let sent = outcome.sent
        var lines = ["shard \(outcome.shard) of run \(outcome.runID) (run key \(outcome.key)): \(outcome.cells.formatted()) cells, "
            + "\(sent.done.formatted()) sent now: \(sent.passed.formatted()) passed, \(sent.failed.formatted()) failed, "
            + "\(style.paint("\(sent.errored.formatted()) errors", sent.errored > 0 ? .red : .green))"
            + (sent.skipped > 0 ? ", \(sent.skipped.formatted()) skipped" : "")]
        if let earlier = outcome.earlier {
            lines.append("continued its earlier attempt (\(earlier.status == .running ? "crashed" : earlier.status.rawValue)); "
                + "\((outcome.cells - sent.done).formatted()) of its cells were stored before")
        }
        let table = ShardTable(key: outcome.key, shardCount: outcome.shard.count, runID: outcome.runID,
                               conditions: outcome.state.conditions())
        if outcome.closedRun {
            lines.append("every shard has finished: run \(outcome.runID) is \(outcome.state.runStatus.rawValue) (this shard closed it)")
        } else {
            lines.append(table.headline + "; `evalctl runs wait \(outcome.key) --shards \(outcome.shard.count)` waits for the rest")
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> String {
        let sent = outcome.sent
        var fields = ShardTable(key: outcome.key, shardCount: outcome.shard.count, runID: outcome.runID,
                                conditions: outcome.state.conditions()).jsonFields
        fields["shard"] = .number(Double(outcome.shard.index))
        fields["cells"] = .number(Double(outcome.cells))
        fields["sent"] = .object(["total": .number(Double(sent.done)), "passed": .number(Double(sent.passed)),
                                  "failed": .number(Double(sent.failed)), "errors": .number(Double(sent.errored)),
                                  "skipped": .number(Double(sent.skipped))])
        fields["continued"] = .bool(outcome.earlier != nil)
        fields["closed_run"] = .bool(outcome.closedRun)
        fields["run_status"] = .string(outcome.closedRun ? outcome.state.runStatus.rawValue : RunStatus.running.rawValue)
        return JSONValue.object(fields).canonicalJSON
    }
}
