import Foundation

/// A review queue: which of a run's results people should look at, and why.
///
/// `--queue` takes one or several, joined by commas (`flagged,failed`, the default); an item in several is listed once.
public enum ReviewQueueKind: String, Sendable, CaseIterable, Hashable {
    /// Results an eval set's `flag:` rules sent to review (`ResultRecord.flags` not empty).
    case flagged
    /// Results that failed a scorer, or ended in an error.
    case failed
    /// Results where a judge disagrees with another scorer, or its samples disagree with each other.
    case judgeDisagree = "judge-disagree"
    /// Every result of the run (skipped ones included).
    case all

    /// The queues `review`, `review export` and `review status` use without `--queue`.
    public static let standard: [ReviewQueueKind] = [.flagged, .failed]

    /// `flagged,failed` as a list of queues, or the first word that names no queue.
    public static func parse(_ text: String) -> Result<[ReviewQueueKind], ReviewQueueNameError> {
        var kinds: [ReviewQueueKind] = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let kind = ReviewQueueKind(rawValue: word) else { return .failure(ReviewQueueNameError(name: word)) }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return .success(kinds)
    }

    /// `flagged,failed`.
    public static func name(_ kinds: [ReviewQueueKind]) -> String {
        kinds.map(\.rawValue).joined(separator: ",")
    }
}

/// A `--queue` word that names no queue.
public struct ReviewQueueNameError: Error, Sendable, DescribedError {
    public let name: String

    public var description: String {
        "--queue: " + NameSuggestion.unknown("queue", name, known: ReviewQueueKind.allCases.map(\.rawValue))
            + "; several may be joined by commas, e.g. flagged,failed"
    }
}
