import Dispatch
import EvalKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs work that the first Ctrl-C (or SIGTERM) cancels cleanly (servers stopped, the run marked interrupted);
/// a second one stops started servers and exits at once.
enum InterruptibleTask {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let interrupts = Mutex(0)
        var sources: [any DispatchSourceSignal] = []
        // A queue of its own, not a global one: with every global thread busy (a flood of answer bytes on a 2-core
        // machine), a handler queued there ran 18 s late.
        let queue = DispatchQueue(label: "evalctl.signals")
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                let count = interrupts.withLock { count -> Int in
                    count += 1
                    return count
                }
                if count == 1 {
                    Console().error("\ninterrupted: stopping (press Ctrl-C again to quit at once)")
                    task.cancel()
                } else {
                    ChildProcessRegistry.shared.terminateAll()
                    exit(ExitStatus.interrupted.rawValue)
                }
            }
            source.resume()
            sources.append(source)
        }
        defer {
            for source in sources { source.cancel() }
        }
        return try await task.value
    }
}
