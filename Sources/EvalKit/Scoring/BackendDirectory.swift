/// The started backends of a run, by name, for scorers that call a model (the LLM judge).
///
/// Eval sets are loaded before any backend starts, so a judge scorer holds the directory and looks its backend up
/// when it scores; the run registers every backend once it has started.
public final class BackendDirectory: Sendable {
    private let entries = Mutex<[String: (backend: any ModelBackend, model: String)]>([:])

    public init() {}

    public func register(_ backend: any ModelBackend, model: String) {
        entries.withLock { $0[backend.name] = (backend, model) }
    }

    /// The started backend called `name` and the model id it reported.
    public func backend(named name: String) -> (backend: any ModelBackend, model: String)? {
        entries.withLock { $0[name] }
    }
}
