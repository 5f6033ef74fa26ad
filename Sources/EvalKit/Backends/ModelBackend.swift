/// A model evalctl sends chat requests to. One conformance per backend type (openai, llama-server, …).
///
/// `complete` retries transient failures itself and throws `BackendError` only when it has given up, so the runner
/// can store the case as an error with the reason.
public protocol ModelBackend: Sendable {
    /// The name the user gave the backend in the config (`--backend NAME`).
    var name: String { get }
    /// The most requests this backend may have in flight.
    var concurrency: Int { get }
    /// Prepares the backend (a managed server starts here) and returns the model id to record.
    func start() async throws -> String
    func complete(_ request: ChatRequest) async throws -> ChatCompletion
    /// What identifies `request` to this backend (the response cache's key), known without starting the backend.
    func identity(of request: ChatRequest) -> RequestIdentity
    /// Releases what `start` acquired; called on success, failure and cancellation alike.
    func shutdown() async
}
