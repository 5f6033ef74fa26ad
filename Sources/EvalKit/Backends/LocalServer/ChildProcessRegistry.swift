import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The servers evalctl has started, so a second Ctrl-C or a fatal signal can still stop them before exiting.
public final class ChildProcessRegistry: Sendable {
    public static let shared = ChildProcessRegistry()
    private let state = Mutex<Set<Int32>>([])

    func add(_ pid: Int32) { state.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: Int32) { state.withLock { _ = $0.remove(pid) } }

    /// True when no started server is still registered.
    public var isEmpty: Bool { state.withLock { $0.isEmpty } }

    /// Sends SIGTERM to every registered child; safe to call from a signal-handling context on exit.
    public func terminateAll() {
        for pid in state.withLock({ $0 }) { kill(pid, SIGTERM) }
    }
}
