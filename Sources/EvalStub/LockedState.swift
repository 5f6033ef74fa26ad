import Foundation

/// A value guarded by a lock, shareable across threads.
///
/// Every read and write of the value goes through `withLock`, which is what makes the
/// `@unchecked Sendable` conformance sound.
final class LockedState<State>: @unchecked Sendable {
    private var state: State
    private let lock = NSLock()

    init(_ initialState: State) {
        state = initialState
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
