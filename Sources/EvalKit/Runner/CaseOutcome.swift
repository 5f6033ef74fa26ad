/// What happened to one case × repeat: the output and its scores, or the reason there is none.
public struct CaseOutcome: Sendable {
    public let suiteIndex: Int
    public let evalCase: EvalCase
    public let repeatIndex: Int
    public let request: ChatRequest
    public let completion: ChatCompletion?
    public let scores: [Score]
    /// Why the result goes to the review queue: the eval set's `flag:` rules that fired (`CaseFlags`).
    public var flags: [String] = []
    /// Why there is no verdict (the backend or a scorer could not answer), if so.
    public let error: CaseError?
    /// The backend that answered: the suite's own, or a fallback; nil when none did.
    public var answeredBy: String? = nil
    /// The response cache's key of the request to the backend that answered (the suite's own when none did).
    public var cacheKey: String? = nil
    /// Requests sent for the answer, over the backend and its fallbacks, retries included (judges not counted); 0
    /// when it came from the cache or nothing could be sent.
    public var attempts = 0

    /// Passed when every scorer passed; an error (backend or scorer) is neither pass nor fail.
    public var status: ResultStatus {
        if error != nil { return .error }
        return scores.allSatisfy(\.passed) ? .passed : .failed
    }
}

/// Who could not answer for a case, and the reason as stored and shown.
public struct CaseError: Sendable, Hashable {
    public let kind: ErrorKind
    public let message: String
    /// The scorer that could not score, for a scorer error.
    public var scorer: String? = nil
}

/// Scores an output with each scorer in turn: a run's answers and `rescore`'s stored outputs alike.
public enum CaseScoring {
    /// The scores, and the error of the first scorer that could not score the output (the scores before it are
    /// kept). Cancellation is passed on, never stored as a scorer's error.
    public static func score(_ input: ScoringInput, with scorers: [any Scorer]) async throws -> (scores: [Score], error: CaseError?) {
        var scores: [Score] = []
        for scorer in scorers {
            do {
                if let score = try await scorer.scoreIfApplicable(input) { scores.append(score) }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return (scores, CaseError(kind: .scorer, message: "scorer '\(scorer.name)' could not score the output: \(error)",
                                          scorer: scorer.name))
            }
        }
        return (scores, nil)
    }
}
