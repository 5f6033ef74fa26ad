import Foundation

/// A request handler that plays a script: queued behaviours answer requests one each, in the
/// order the requests reach the handler, and the default behaviour answers everything after.
/// Every request is recorded for assertions.
///
///     let responder = ScriptedResponder(default: .chatCompletion())
///     responder.enqueue(.rateLimited(retryAfter: .seconds(1)), .drop(), .cutShortStream())
///     let server = try StubHTTPServer(handler: responder.handler)
///
/// Thread-safe; concurrent requests take queued behaviours in the order they acquire its lock.
public final class ScriptedResponder: Sendable {
    private struct State {
        var script: [StubBehavior]
        var nextScriptIndex = 0
        var defaultBehavior: StubBehavior
        var receivedRequests: [StubRequest] = []
    }

    private let state: LockedState<State>

    /// - Parameters:
    ///   - defaultBehavior: answers every request once the script is used up.
    ///   - script: behaviours for the first requests, in order.
    public init(default defaultBehavior: StubBehavior = .chatCompletion(), script: [StubBehavior] = []) {
        state = LockedState(State(script: script, defaultBehavior: defaultBehavior))
    }

    /// Appends behaviours to the script.
    public func enqueue(_ behaviors: StubBehavior...) {
        enqueue(contentsOf: behaviors)
    }

    /// Appends behaviours to the script.
    public func enqueue(contentsOf behaviors: [StubBehavior]) {
        state.withLock { $0.script.append(contentsOf: behaviors) }
    }

    /// Replaces the behaviour used once the script is used up.
    public func setDefault(_ behavior: StubBehavior) {
        state.withLock { $0.defaultBehavior = behavior }
    }

    /// Number of queued behaviours not yet used.
    public var remainingScriptCount: Int {
        state.withLock { $0.script.count - $0.nextScriptIndex }
    }

    /// Every request answered so far, in the order they reached the responder.
    public var receivedRequests: [StubRequest] {
        state.withLock { $0.receivedRequests }
    }

    /// Records the request, takes the next queued behaviour (or the default) and applies it.
    public func respond(to request: StubRequest) -> StubResponse {
        let behavior = state.withLock { state in
            state.receivedRequests.append(request)
            guard state.nextScriptIndex < state.script.count else { return state.defaultBehavior }
            defer { state.nextScriptIndex += 1 }
            return state.script[state.nextScriptIndex]
        }
        return behavior.response(to: request)
    }

    /// `respond(to:)` as a closure for `StubHTTPServer(handler:)`.
    public var handler: @Sendable (StubRequest) -> StubResponse {
        { [self] request in respond(to: request) }
    }
}
