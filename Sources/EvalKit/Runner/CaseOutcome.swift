/// What happened to one case × repeat: the output and its scores, or the reason there is none.
public struct CaseOutcome: Sendable {
    public let suiteIndex: Int
    public let evalCase: EvalCase
    public let repeatIndex: Int
    public let request: ChatRequest
    public let completion: ChatCompletion?
    public let scores: [Score]
    public let error: String?
    /// Who could not answer, when `error` is set.
    public var errorKind: ErrorKind? = nil

    /// Passed when every scorer passed; an error (backend or scorer) is neither pass nor fail.
    public var status: ResultStatus {
        if error != nil { return .error }
        return scores.allSatisfy(\.passed) ? .passed : .failed
    }
}
