/// The same case, with the same content hash, in the baseline and in the candidate run.
public struct CasePair: Sendable {
    public let caseID: String
    public let baseline: CaseResults
    public let candidate: CaseResults
}
