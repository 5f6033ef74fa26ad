import Foundation

/// A run's backends, each built once and wrapped for each use: its circuit breaker and quota (shared by every use),
/// the response cache, and the meter that prices its answers as generation or judging.
///
///     Metered(Caching(Guarded(Redacting(backend))))
///
/// A cache hit never reaches the breaker or the quota; `--cache only` starts nothing.
struct RunBackends: Sendable {
    let configs: [String: BackendConfig]
    let built: [String: any ModelBackend]
    let breakers: [String: CircuitBreaker]
    let quotas: [String: RequestQuota]
    let cacheModes: [String: CacheMode]
    let pricings: [String: TokenPricing]
    let store: any ResultStore

    init(configs: [BackendConfig], built: [String: any ModelBackend], cacheModes: [String: CacheMode], store: any ResultStore,
         environment: [String: String], report: @escaping @Sendable (BackendEvent) -> Void) {
        self.configs = Dictionary(configs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.built = built
        self.cacheModes = cacheModes
        self.store = store
        pricings = Dictionary(configs.compactMap { config in config.pricing.map { (config.name, $0) } }, uniquingKeysWith: { first, _ in first })
        var breakers: [String: CircuitBreaker] = [:]
        var quotas: [String: RequestQuota] = [:]
        for config in configs {
            let redactor = SecretRedactor(secrets: BackendRegistry.secrets(of: config, environment: environment))
            breakers[config.name] = CircuitBreaker(backend: config.name, endpoint: Self.endpoint(config), policy: config.circuitBreaker,
                                                   redactor: redactor, report: report)
            if config.requestsPerMinute != nil || config.tokensPerMinute != nil {
                quotas[config.name] = RequestQuota(requestsPerMinute: config.requestsPerMinute, tokensPerMinute: config.tokensPerMinute)
            }
        }
        self.breakers = breakers
        self.quotas = quotas
    }

    /// Where a backend sends, for messages: its API root, its server's URL, or its model file.
    static func endpoint(_ config: BackendConfig) -> String {
        (config.baseURL ?? config.url).map(BackendConfig.withoutCredentials) ?? config.modelPath.map { "model \($0)" } ?? config.name
    }

    /// What starting and stopping go through: the cache, so `--cache only` starts no server.
    var startable: [String: any ModelBackend] {
        built.reduce(into: [:]) { backends, entry in backends[entry.key] = cached(entry.value, name: entry.key) }
    }

    private func cached(_ backend: any ModelBackend, name: String) -> any ModelBackend {
        let mode = cacheModes[name] ?? .off
        return mode == .off ? backend : CachingBackend(backend, mode: mode, store: store)
    }

    private func wrapped(_ name: String, waitWhenOpen: Bool, role: BackendRole) -> (any ModelBackend)? {
        guard let backend = built[name], let breaker = breakers[name] else { return nil }
        let guarded = GuardedBackend(backend, breaker: breaker, quota: quotas[name], waitWhenOpen: waitWhenOpen)
        return MeteredBackend(cached(guarded, name: name), pricing: pricings[name], role: role)
    }

    /// A run backend as its lane uses it: with fallbacks, an open circuit sends the case on at once; without, it waits.
    func generation(_ name: String) -> (any ModelBackend)? {
        wrapped(name, waitWhenOpen: configs[name]?.fallback.isEmpty ?? true, role: .generation)
    }

    /// The fallbacks of a run backend, in order; the last one waits out an open circuit, having nowhere else to go.
    func fallbacks(of name: String) -> [any ModelBackend] {
        let chain = configs[name]?.fallback ?? []
        return chain.enumerated().compactMap { index, fallback in
            wrapped(fallback, waitWhenOpen: index == chain.count - 1, role: .generation)
        }
    }

    /// A backend as a judge calls it: a judge has no fallback, so it waits out an open circuit.
    func judge(_ name: String) -> (any ModelBackend)? {
        wrapped(name, waitWhenOpen: true, role: .judging)
    }

    /// What each backend's breaker and quota did, for the summary.
    func health() async -> [BackendHealth] {
        var health: [BackendHealth] = []
        for name in configs.keys.sorted() {
            guard let breaker = breakers[name] else { continue }
            var entry = BackendHealth(backend: name, circuitOpenings: await breaker.openings)
            if case .down(let reason) = await breaker.state { entry.downReason = reason }
            if let quota = quotas[name] {
                entry.quotaWaits = await quota.waits
                entry.quotaWaitSeconds = await quota.waitedSeconds
            }
            health.append(entry)
        }
        return health
    }
}
