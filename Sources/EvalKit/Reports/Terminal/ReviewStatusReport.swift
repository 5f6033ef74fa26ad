import Foundation

/// `evalctl review status`: each queue's size, depth (items no one has labelled), the age of its oldest unlabelled
/// item, and labels per reviewer, as text or JSON.
///
/// JSON: `run_id` and `queues`, one object per queue with `queue`, `items`, `queue_depth`, `oldest_unreviewed_at`
/// (UTC, or null), `oldest_unreviewed_age_s` (seconds, or null) and `labelled_by` (reviewer → items labelled).
public struct ReviewStatusReport: Sendable {
    public let status: ReviewQueueStatus
    public let now: Date

    public init(status: ReviewQueueStatus, now: Date = Date()) {
        self.status = status
        self.now = now
    }

    public func text() -> String {
        var lines = ["review queues of run \(status.runID)",
                     "queue            items  unreviewed  oldest unreviewed  labelled by"]
        for queue in status.queues {
            let age = queue.oldestUnreviewedAge(at: now).map(Self.age) ?? "-"
            let by = queue.labelledBy.isEmpty ? "-" : queue.labelledBy.sorted { $0.key < $1.key }
                .map { "\(TerminalText.sanitize($0.key, limit: 40)) \($0.value)" }.joined(separator: ", ")
            lines.append(queue.kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
                         + Self.right("\(queue.items)", 6) + Self.right("\(queue.depth)", 12) + "  "
                         + age.padding(toLength: 17, withPad: " ", startingAt: 0) + "  " + by)
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> String {
        JSONValue.object([
            "run_id": .number(Double(status.runID)),
            "queues": .array(status.queues.map { queue in
                .object([
                    "queue": .string(queue.kind.rawValue), "items": .number(Double(queue.items)),
                    "queue_depth": .number(Double(queue.depth)),
                    "oldest_unreviewed_at": queue.oldestUnreviewedAt.map { .string(DateText.utc($0).replacingOccurrences(of: " ", with: "T") + "Z") } ?? .null,
                    "oldest_unreviewed_age_s": queue.oldestUnreviewedAge(at: now).map { .number($0.rounded()) } ?? .null,
                    "labelled_by": .object(queue.labelledBy.mapValues { .number(Double($0)) }),
                ])
            }),
        ]).canonicalJSON
    }

    /// `45s`, `12m`, `3h 5m`, `2d 4h`.
    public static func age(_ seconds: Double) -> String {
        let s = Int(seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }

    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
