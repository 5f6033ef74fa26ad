/// What happened to one case × repeat: the output and its scores, or the reason there is none.
public struct CaseOutcome: Sendable {
    public let suiteIndex: Int
    public let evalCase: EvalCase
    public let repeatIndex: Int
    public let request: ChatRequest
    public let completion: ChatCompletion?
    public let scores: [Score]
    /// Why there is no verdict (the backend or a scorer could not answer), if so.
    public let error: CaseError?

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
}
