import Foundation

/// A backend behind the response cache: answers are looked up by the request's key (`RequestIdentity`) and recorded
/// after the model answers, per the run's `CacheMode`. Errors are never recorded. Recording goes with the case's
/// result (`CaseLedger`), in its transaction; outside a case (no ledger) it is written at once.
public struct CachingBackend: ModelBackend {
    public let base: any ModelBackend
    public let mode: CacheMode
    public let store: any ResultStore
    /// The backend type, named in the key (the base's identity says it too; kept for messages).
    public var name: String { base.name }
    public var concurrency: Int { base.concurrency }

    public init(_ base: any ModelBackend, mode: CacheMode, store: any ResultStore) {
        self.base = base
        self.mode = mode
        self.store = store
    }

    /// With `only`, nothing is started: no model is ever asked (a managed server is not launched, no key is needed).
    public func start() async throws -> String {
        if mode == .only { return base.identity(of: ChatRequest(messages: [])).model }
        return try await base.start()
    }

    public func identity(of request: ChatRequest) -> RequestIdentity {
        base.identity(of: request)
    }

    public func complete(_ request: ChatRequest) async throws -> ChatCompletion {
        guard mode != .off else { return try await base.complete(request) }
        let identity = base.identity(of: request)
        let key = identity.key
        if mode.reads, let hit = try await store.cachedAnswer(key: key) {
            CaseLedger.current?.read(key)
            return hit.completion
        }
        if mode == .only { throw BackendError.notCached(key: key, model: identity.model, sample: identity.sample) }
        let completion = try await base.complete(request)
        let answer = CachedAnswer(
            key: key, wireType: identity.wireType, endpoint: identity.endpoint, model: identity.model, sample: identity.sample,
            request: identity.body.canonicalJSON, output: completion.content, finishReason: completion.finishReason,
            promptTokens: completion.promptTokens, completionTokens: completion.completionTokens,
            systemFingerprint: completion.systemFingerprint, servedModel: completion.model, latencyMs: completion.latency * 1000,
            ttftMs: completion.timeToFirstToken.map { $0 * 1000 }, recordedAt: Date())
        if let ledger = CaseLedger.current {
            ledger.record(answer)
        } else {
            try await store.storeCachedAnswers([answer])
        }
        return completion
    }

    public func shutdown() async {
        await base.shutdown()
    }
}
