import Foundation

/// What a backend's configuration says about how it answers, recorded with every suite of a run: when answers change
/// and this changed with them (another server, model or parameter), a report names it as the cause instead of
/// calling the change generation noise.
///
/// Every field is a key of the backend's entry in `evalctl.yaml` with its value (unset: `null`); `params` is the
/// whole mapping. It never holds a secret: `api_key_env` is the variable's name, a URL's user and password are
/// dropped, and every value passes through the run's `SecretRedactor` (the key's value and credential shapes).
///
/// ```swift
/// let identity = config.identity(redactor: SecretRedactor(secrets: [apiKey]))
/// identity.fields["base_url"]   // .string("http://127.0.0.1:8080/v1")
/// BackendIdentity(json: identity.json) == identity   // true
/// ```
public struct BackendIdentity: Sendable, Hashable {
    /// Config key → value, e.g. `base_url`, `model`, `params` (an object), `api_key_env`.
    public let fields: [String: JSONValue]

    public init(fields: [String: JSONValue]) {
        self.fields = fields
    }

    /// Reads the stored form (`json`); nil when `text` is not a JSON object.
    public init?(json text: String) {
        guard case .object(let fields)? = try? JSONValue(parsing: Data(text.utf8)) else { return nil }
        self.fields = fields
    }

    /// Canonical JSON (sorted keys): the stored form.
    public var json: String { JSONValue.object(fields).canonicalJSON }

    /// A field's value as one short line: strings as they are, `none` when unset, anything else as compact JSON.
    public static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: "none"
        case .string(let text)?: text
        case let value?: value.canonicalJSON
        }
    }
}
