import Foundation

/// What one case's requests leave to store with its result: answers to record in the response cache, the cache keys
/// it read, and what its answer and its judging cost. Set for the evaluation of each case (a task-local), so a judge's
/// backend, called from inside a scorer, reports to the case it scores; the result and all of this are then written
/// in one transaction.
final class CaseLedger: Sendable {
    @TaskLocal static var current: CaseLedger?

    struct Entries: Sendable {
        var answersToRecord: [CachedAnswer] = []
        var keysRead: [String] = []
        var generationCostUSD: Double?
        var judgingCostUSD: Double?
    }

    private let state = Mutex(Entries())

    var entries: Entries { state.withLock { $0 } }

    func record(_ answer: CachedAnswer) {
        state.withLock { $0.answersToRecord.append(answer) }
    }

    func read(_ key: String) {
        state.withLock { $0.keysRead.append(key) }
    }

    func charge(_ cost: Double, for role: BackendRole) {
        state.withLock {
            switch role {
            case .generation: $0.generationCostUSD = ($0.generationCostUSD ?? 0) + cost
            case .judging: $0.judgingCostUSD = ($0.judgingCostUSD ?? 0) + cost
            }
        }
    }
}

/// What a backend is asked for in a run: the answers under evaluation, or a judge's verdicts on them.
public enum BackendRole: String, Sendable {
    case generation, judging
}
