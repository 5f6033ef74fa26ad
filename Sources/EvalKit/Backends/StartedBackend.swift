/// A backend the run has started, with the model id it reported: what a scorer that calls a model (the judge) is
/// given when the run builds its scorers.
public struct StartedBackend: Sendable {
    public let backend: any ModelBackend
    public let model: String

    public init(_ backend: any ModelBackend, model: String) {
        self.backend = backend
        self.model = model
    }
}
