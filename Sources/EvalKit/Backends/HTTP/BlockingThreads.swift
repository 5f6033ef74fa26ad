import Foundation

/// Threads for work that blocks for as long as it lasts (a request on a blocking socket), kept for reuse.
///
/// A job never waits for a busy thread: when no thread is idle a new one starts, so a slow request cannot hold up
/// another. A thread idle for `idleLifetime` ends. Starting a thread per request (a stack mapped, a clone, a join)
/// was a measurable share of evalctl's CPU against a fast local server.
final class BlockingThreads: @unchecked Sendable {
    static let shared = BlockingThreads()

    private let condition = NSCondition()
    private var pending: [@Sendable () -> Void] = []
    private var idle = 0
    private let idleLifetime: TimeInterval
    private let stackSize: Int

    init(idleLifetime: TimeInterval = 10, stackSize: Int = 256 * 1024) {
        self.idleLifetime = idleLifetime
        self.stackSize = stackSize
    }

    /// Runs `job` on an idle thread, or on a new one when every thread is busy.
    func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        pending.append(job)
        // Each idle thread takes one job; one that has been signalled but not yet woken is still counted idle, so
        // `pending` (jobs nobody has taken) is compared with it.
        let wake = idle >= pending.count
        if wake { condition.signal() }
        condition.unlock()
        if !wake { startThread() }
    }

    private func startThread() {
        let thread = Thread { [self] in work() }
        thread.stackSize = stackSize
        thread.start()
    }

    private func work() {
        condition.lock()
        while true {
            if !pending.isEmpty {
                let job = pending.removeFirst()
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            idle += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: idleLifetime))
            idle -= 1
            if !signalled, pending.isEmpty {
                condition.unlock()
                return
            }
        }
    }
}
