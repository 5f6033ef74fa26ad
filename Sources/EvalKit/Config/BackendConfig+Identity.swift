import Foundation

extension BackendConfig {
    /// The fields of this backend that shape its answers (see `BackendIdentity`), with secrets removed by `redactor`.
    public func identity(redactor: SecretRedactor) -> BackendIdentity {
        func string(_ value: String?) -> JSONValue { value.map { .string(redactor.redact($0)) } ?? .null }
        func url(_ value: URL?) -> JSONValue { string(value.map(Self.withoutCredentials)) }
        var fields: [String: JSONValue] = [
            "type": .string(type), "model": string(model), "params": Self.redacted(.object(parameters), redactor),
            "stream": .bool(stream), "fallback": .array(fallback.map { .string($0) }),
        ]
        if type == "llama-server" {
            fields["url"] = url(self.url)
            fields["model_path"] = string(modelPath)
            fields["server_binary"] = string(serverBinary)
            fields["context_size"] = .number(Double(contextSize))
        } else {
            fields["base_url"] = url(baseURL)
            fields["api_key_env"] = string(apiKeyEnvironmentVariable)
        }
        return BackendIdentity(fields: fields)
    }

    /// The secrets written into this backend's URLs: passwords (`http://user:secret@host`) and the values of query
    /// parameters named like credentials (`?api_key=…`, `token`, `secret`, `password`, `signature`, …).
    public var secretsInURLs: [String] {
        [baseURL, url].compactMap { $0 }.flatMap { url -> [String] in
            guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return [] }
            let credentialNames = ["key", "token", "secret", "password", "passwd", "pwd", "sig", "auth", "credential"]
            let queryValues = (components.queryItems ?? []).compactMap { item -> String? in
                let name = item.name.lowercased()
                return credentialNames.contains(where: name.contains) ? item.value : nil
            }
            return [components.password, components.percentEncodedPassword].compactMap { $0 } + queryValues
        }
    }

    /// The URL without user and password (`http://user:secret@host` → `http://host`), for messages and records.
    public static func withoutCredentials(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false), components.user != nil || components.password != nil
        else { return url.absoluteString }
        components.user = nil
        components.password = nil
        return components.string ?? url.absoluteString
    }

    /// Every string inside `value` through `redactor`.
    private static func redacted(_ value: JSONValue, _ redactor: SecretRedactor) -> JSONValue {
        switch value {
        case .string(let text): .string(redactor.redact(text))
        case .array(let items): .array(items.map { redacted($0, redactor) })
        case .object(let members): .object(members.mapValues { redacted($0, redactor) })
        default: value
        }
    }
}
