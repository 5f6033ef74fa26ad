/// Who could not answer, for a result that ended in an error. Stored in `results.error_kind`; JUnit names it as the
/// `<error type>` (`BackendError`, `ScorerError`).
public enum ErrorKind: String, Sendable, Codable, CaseIterable {
    /// The model backend gave no usable answer (after its retries).
    case backend
    /// A scorer could not decide on the answer (a judge's unparseable reply, a schema it cannot check).
    case scorer
}
