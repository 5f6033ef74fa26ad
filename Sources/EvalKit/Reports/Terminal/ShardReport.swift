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

    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "run_key": key, "shard_count": shardCount, "completed": completed,
            "shards": conditions.map { index, condition -> [String: Any] in
                var shard: [String: Any] = ["shard": index, "state": Self.word(condition).replacingOccurrences(of: " ", with: "_")]
                switch condition {
                case .running(let host): shard["host"] = host
                case .stopped(let status): shard["status"] = status.rawValue
                case .crashed(let why): shard["reason"] = why
                default: break
                }
                return shard
            },
        ]
        if let runID { object["run_id"] = runID }
        return object
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
        var object: [String: Any] = ShardTable(key: outcome.key, shardCount: outcome.shard.count, runID: outcome.runID,
                                               conditions: outcome.state.conditions()).jsonObject
        object["shard"] = outcome.shard.index
        object["cells"] = outcome.cells
        object["sent"] = ["total": sent.done, "passed": sent.passed, "failed": sent.failed, "errors": sent.errored, "skipped": sent.skipped]
        object["continued"] = outcome.earlier != nil
        object["closed_run"] = outcome.closedRun
        object["run_status"] = outcome.closedRun ? outcome.state.runStatus.rawValue : RunStatus.running.rawValue
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
