import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Kept-alive plain-HTTP connections that finished a response cleanly, per host and port, for the next request.
///
/// A connection is only kept after a response read to its framed end (Content-Length or chunked) without
/// `Connection: close`, and is checked before reuse: one the server closed while idle is dropped. A server may still
/// close a kept connection just as a request is sent on it; `PlainHTTPExchange` then sends once more on a new one.
///
/// One pool serves the whole process (`shared`), with a bound on the idle connections it keeps in all (beyond it the
/// longest idle is closed) and on how long one stays idle (`idleLifetime`: servers close idle connections after a few
/// seconds anyway). A process that starts many backends, or never shuts one down, cannot pile up descriptors
/// (Foundation's `Process.run` on Linux over-reads memory when a process has more than about 1,300 open).
final class PlainHTTPConnections: Sendable {
    static let shared = PlainHTTPConnections()

    private struct Idle {
        var byAddress: [String: [(descriptor: Int32, since: ContinuousClock.Instant)]] = [:]
        var count = 0
        var closed = false

        /// Takes out the connections idle since before `cutoff`, to be closed.
        mutating func expire(before cutoff: ContinuousClock.Instant) -> [Int32] {
            var expired: [Int32] = []
            for (address, entries) in byAddress where entries.first.map({ $0.since < cutoff }) == true {
                let kept = entries.filter { $0.since >= cutoff }
                expired += entries.filter { $0.since < cutoff }.map(\.descriptor)
                byAddress[address] = kept
            }
            count -= expired.count
            return expired
        }
    }

    /// Idle connections kept in all; more close the longest idle (a backend's concurrency rarely exceeds this).
    let capacity: Int
    /// How long a connection is kept idle.
    let idleLifetime: Duration
    private let idle = Mutex<Idle>(Idle())

    init(capacity: Int = 64, idleLifetime: Duration = .seconds(5)) {
        self.capacity = capacity
        self.idleLifetime = idleLifetime
    }

    /// How many idle connections are kept, to any address.
    var idleCount: Int { idle.withLock { $0.count } }

    /// An idle connection to `address` that the server has not closed, if there is one.
    func take(_ address: String) -> Int32? {
        let cutoff = ContinuousClock.now - idleLifetime
        for descriptor in idle.withLock({ $0.expire(before: cutoff) }) { close(descriptor) }
        while let descriptor = idle.withLock({ state -> Int32? in
            guard let entry = state.byAddress[address]?.popLast() else { return nil }
            state.count -= 1
            return entry.descriptor
        }) {
            if Self.isOpenAndQuiet(descriptor) { return descriptor }
            close(descriptor)
        }
        return nil
    }

    /// Keeps `descriptor` for the next request to `address`, or closes it when the pool is closed. A full pool closes
    /// its longest idle connection to make room.
    func put(_ descriptor: Int32, for address: String) {
        let now = ContinuousClock.now
        let toClose = idle.withLock { state -> [Int32] in
            guard !state.closed, capacity > 0 else { return [descriptor] }
            var expired = state.expire(before: now - idleLifetime)
            state.byAddress[address, default: []].append((descriptor, now))
            state.count += 1
            guard state.count > capacity,
                  let oldest = state.byAddress.filter({ !$0.value.isEmpty }).min(by: { $0.value[0].since < $1.value[0].since })?.key,
                  let evicted = state.byAddress[oldest]?.removeFirst().descriptor
            else { return expired }
            state.count -= 1
            expired.append(evicted)
            return expired
        }
        for descriptor in toClose { close(descriptor) }
    }

    /// Closes every idle connection; connections finishing later are closed rather than kept.
    func closeAll() {
        let descriptors = idle.withLock { state -> [Int32] in
            state.closed = true
            defer {
                state.byAddress = [:]
                state.count = 0
            }
            return state.byAddress.values.flatMap { $0.map(\.descriptor) }
        }
        for descriptor in descriptors { close(descriptor) }
    }

    /// An idle connection has nothing to read: a readable one was closed by the server (or sent bytes nobody asked
    /// for), and either way cannot carry a new request.
    private static func isOpenAndQuiet(_ descriptor: Int32) -> Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
    }

    deinit {
        for descriptor in idle.withLock({ $0.byAddress.values.flatMap { $0.map(\.descriptor) } }) { close(descriptor) }
    }
}
