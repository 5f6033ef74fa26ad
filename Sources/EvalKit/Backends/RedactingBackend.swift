import Foundation

/// Wraps every backend `BackendRegistry` builds, so nothing a server sends reaches the runner, the store or a report
/// with a configured secret in it: the one place server text enters evalctl.
///
/// Errors lose credential shapes as well as secret values (a gateway echoing `Authorization: Bearer …` in a 401
/// body); answers lose only the secret values, so scorers still see what the model wrote.
public struct RedactingBackend: ModelBackend {
    public let base: any ModelBackend
    public let redactor: SecretRedactor

    public init(_ base: any ModelBackend, redactor: SecretRedactor) {
        self.base = base
        self.redactor = redactor
    }

    public var name: String { base.name }
    public var concurrency: Int { base.concurrency }

    public func start() async throws -> String {
        do {
            return redactor.redactSecrets(try await base.start())
        } catch let error as BackendError {
            throw error.redacted(by: redactor)
        }
    }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        do {
            var completion = try await base.complete(request)
            completion.content = redactor.redactSecrets(completion.content)
            completion.model = completion.model.map(redactor.redact)
            completion.finishReason = completion.finishReason.map(redactor.redact)
            completion.systemFingerprint = completion.systemFingerprint.map(redactor.redact)
            return completion
        } catch let error as BackendError {
            throw error.redacted(by: redactor)
        }
    }

    public func identity(of request: ChatRequest) -> RequestIdentity {
        base.identity(of: request)
    }

    public func shutdown() async {
        await base.shutdown()
    }
}

extension BackendError {
    /// The same error with every text it carries passed through `redactor.redact`.
    public func redacted(by redactor: SecretRedactor) -> BackendError {
        switch self {
        case .http(let status, let message, let retryAfter): .http(status: status, message: redactor.redact(message), retryAfter: retryAfter)
        case .connection(let detail): .connection(redactor.redact(detail))
        case .invalidResponse(let detail): .invalidResponse(redactor.redact(detail))
        case .malformedAnswer(let detail): .malformedAnswer(redactor.redact(detail))
        case .serverStart(let detail): .serverStart(redactor.redact(detail))
        case .exhausted(let attempts, let last): .exhausted(attempts: attempts, last: last.redacted(by: redactor))
        case .unreachable(let reason): .unreachable(reason: redactor.redact(reason))
        case .serverDirected(let retry, let error): .serverDirected(retry: retry, error.redacted(by: redactor))
        case .timeout, .incompleteStream, .responseTooLarge, .missingAPIKey, .notCached, .circuitOpen: self
        }
    }
}
