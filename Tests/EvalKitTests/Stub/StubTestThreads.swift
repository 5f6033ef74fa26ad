import Dispatch
import Foundation

/// Runs blocking client work on real threads, so that many clients are truly concurrent
/// (the cooperative pool has only as many threads as cores).
enum StubTestThreads {
    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let group = DispatchGroup()
            for index in 0..<count {
                group.enter()
                Thread {
                    body(index)
                    group.leave()
                }.start()
            }
            group.notify(queue: .global()) { continuation.resume() }
        }
    }
}
