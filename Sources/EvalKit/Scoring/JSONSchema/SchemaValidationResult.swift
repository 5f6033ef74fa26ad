/// The outcome of validating one instance: valid, or the errors found (in schema keyword order, deepest causes
/// reported rather than their enclosing `allOf` or `$ref`).
public struct SchemaValidationResult: Sendable, Hashable {
    public let errors: [SchemaValidationError]

    public init(errors: [SchemaValidationError]) {
        self.errors = errors
    }

    public var isValid: Bool { errors.isEmpty }
}
