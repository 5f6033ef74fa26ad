/// What makes two requests the same question to the same model: the key of the response cache.
///
/// The body is the request body as the backend sends it (messages, every sampling parameter, the reply format and
/// the model), without fields that only shape the transport (`stream`, `stream_options`), which change how an
/// answer arrives but not what it says. Credentials are headers, so they are never part of it.
public struct RequestIdentity: Sendable, Hashable {
    /// The wire format spoken (`openai`, `llama-server`, …): the backend type.
    public var wireType: String
    /// Where the request goes: the API root, or `model_path:FILE` for a llama.cpp server evalctl starts (its port
    /// changes every run).
    public var endpoint: String
    public var model: String
    public var body: JSONValue
    /// Which sample of the same request (a case's repeat, a judge's k-th ask).
    public var sample: Int

    public init(wireType: String, endpoint: String, model: String, body: JSONValue, sample: Int) {
        self.wireType = wireType
        self.endpoint = endpoint
        self.model = model
        self.body = body
        self.sample = sample
    }

    /// SHA-256 (hex) over the canonical JSON of every field.
    public var key: String {
        SHA256.hex(JSONValue.object([
            "wire_type": .string(wireType), "endpoint": .string(endpoint), "model": .string(model), "body": body,
            "sample": .number(Double(sample)),
        ]).canonicalJSON)
    }
}
