/// What a backend's circuit breaker and quota did during a run.
public struct BackendHealth: Sendable, Equatable {
    public var backend: String
    /// How many times its circuit opened.
    public var circuitOpenings = 0
    /// Why nothing more was sent to it (unreachable, or failing for too long), if so.
    public var downReason: String?
    /// How often and how long its `rpm`/`tpm` quota held requests back.
    public var quotaWaits = 0
    public var quotaWaitSeconds = 0.0

    /// Whether there is anything to say.
    public var isNotable: Bool { circuitOpenings > 0 || downReason != nil || quotaWaits > 0 }
}
