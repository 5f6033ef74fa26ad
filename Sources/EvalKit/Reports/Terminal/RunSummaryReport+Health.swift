import Foundation

extension RunSummaryReport {
    /// `errors: 412 × connection refused … (backend openai)`, the most frequent first.
    func errorLines() -> [String] {
        guard !errorReasons.isEmpty else { return [] }
        let width = String(errorReasons.map(\.count).max() ?? 0).count
        return errorReasons.enumerated().map { index, reason in
            let count = String(repeating: " ", count: width - String(reason.count).count) + String(reason.count)
            let text = "\(count) × \(TerminalText.sanitize(reason.reason, limit: 200)) (backend \(reason.backend))"
            return (index == 0 ? "errors: " : "        ") + text
        }
    }

    /// Answers whose model declined to answer, over every suite.
    var refusalCount: Int { summary.suites.reduce(0) { $0 + (refusals[$1.suite.id] ?? 0) } }

    /// `refusals: 3 answers (finish reason refusal or content_filter: the model declined to answer)`, when any.
    func refusalLines() -> [String] {
        let count = refusalCount
        guard count > 0 else { return [] }
        return ["refusals: \(count) answer\(count == 1 ? "" : "s") (finish reason \(FinishReason.refusals.joined(separator: " or ")): the model declined to answer)"]
    }

    /// `answered by: openai 580, openai-backup 20`, when a fallback answered any case.
    func answeredByLines() -> [String] {
        let counts = summary.answeredBy
        let own = Set(summary.suites.map(\.suite.backend))
        guard counts.keys.contains(where: { !own.contains($0) }) else { return [] }
        return ["answered by: " + counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
    }

    /// What each backend's circuit breaker and quota did, when they did anything.
    func healthLines() -> [String] {
        health.filter(\.isNotable).map { entry in
            var parts: [String] = []
            if let reason = entry.downReason { parts.append("stopped: \(reason)") }
            if entry.circuitOpenings > 0 { parts.append("circuit opened \(entry.circuitOpenings) time\(entry.circuitOpenings == 1 ? "" : "s")") }
            if entry.quotaWaits > 0 {
                parts.append("its rpm/tpm quota held requests back \(entry.quotaWaits) time\(entry.quotaWaits == 1 ? "" : "s"), \(String(format: "%.1f", entry.quotaWaitSeconds)) s in all")
            }
            return "backend \(entry.backend): " + TerminalText.sanitize(parts.joined(separator: "; "), limit: 400)
        }
    }
}

extension BackendHealth {
    var jsonValue: JSONValue {
        .object([
            "backend": .string(backend), "circuit_openings": .number(Double(circuitOpenings)),
            "down_reason": downReason.map(JSONValue.string) ?? .null, "quota_waits": .number(Double(quotaWaits)),
            "quota_wait_s": .number(quotaWaitSeconds),
        ])
    }
}
