/// What happened to one case × repeat: the output and its scores, or the reason there is none.
public struct CaseOutcome: Sendable {
    public enum Status: String, Sendable, Codable {
        case passed, failed, error
    }

    public let suiteIndex: Int
    public let evalCase: EvalCase
    public let repeatIndex: Int
    public let request: ChatRequest
    public let completion: ChatCompletion?
    public let scores: [Score]
    public let error: String?

    /// Passed when every scorer passed; an error (backend or scorer) is neither pass nor fail.
    public var status: Status {
        if error != nil { return .error }
        return scores.allSatisfy(\.passed) ? .passed : .failed
    }
}
