#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// The listening socket, its threads and the bookkeeping shared between them.
///
/// Kept apart from `StubHTTPServer` so that the threads retain only this object and
/// dropping the last reference to the server can still stop it from `deinit`.
final class ServerRuntime: Sendable {
    private struct State {
        var isStopped = false
        var openConnections: Set<Int32> = []
        var requestCount = 0
        var acceptedConnectionCount = 0
    }

    let listenDescriptor: Int32
    let wake: WakeSignal
    let handler: @Sendable (StubRequest) -> StubResponse
    let connections: StubConnectionPolicy
    private let state = LockedState(State())
    private let threads = DispatchGroup()

    init(
        listenDescriptor: Int32, wake: WakeSignal, connections: StubConnectionPolicy = .keepAlive,
        handler: @escaping @Sendable (StubRequest) -> StubResponse
    ) {
        self.listenDescriptor = listenDescriptor
        self.wake = wake
        self.connections = connections
        self.handler = handler
    }

    var requestCount: Int { state.withLock { $0.requestCount } }
    var openConnectionCount: Int { state.withLock { $0.openConnections.count } }
    var acceptedConnectionCount: Int { state.withLock { $0.acceptedConnectionCount } }
    var isStopped: Bool { state.withLock { $0.isStopped } }

    /// Starts the accept loop on its own thread.
    func start() {
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop()
            threads.leave()
        }
        thread.name = "EvalStub.accept"
        thread.start()
    }

    /// Counts a fully read request and returns its sequence number, or nil once stopped.
    func admitRequest() -> Int? {
        state.withLock { state in
            guard !state.isStopped else { return nil }
            defer { state.requestCount += 1 }
            return state.requestCount
        }
    }

    private func acceptLoop() {
        while true {
            let ready = SocketSupport.waitReadable([wake.readDescriptor, listenDescriptor], timeoutMilliseconds: -1)
            if ready[0] != 0 { return }
            guard ready[1] != 0 else { continue }
            // The listener is non-blocking: drain every pending connection.
            while true {
                let descriptor = accept(listenDescriptor, nil, nil)
                if descriptor < 0 {
                    switch errno {
                    case EINTR, ECONNABORTED:
                        continue
                    case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                        // Out of descriptors: back off instead of spinning on a readable listener.
                        if !wake.sleep(for: .milliseconds(10)) { return }
                    default:
                        break
                    }
                    break
                }
                SocketSupport.configureAcceptedSocket(descriptor)
                guard let connectionNumber = register(descriptor) else {
                    close(descriptor)
                    return
                }
                let thread = Thread { [self] in
                    let connection = HTTPConnection(descriptor: descriptor, connectionNumber: connectionNumber, runtime: self)
                    connection.serve()
                    unregisterAndClose(descriptor)
                    threads.leave()
                }
                thread.name = "EvalStub.connection.\(connectionNumber)"
                thread.start()
            }
        }
    }

    /// Records an accepted connection and enters the thread group on its behalf;
    /// nil once the server is stopping.
    private func register(_ descriptor: Int32) -> Int? {
        state.withLock { state in
            guard !state.isStopped else { return nil }
            state.openConnections.insert(descriptor)
            threads.enter()
            defer { state.acceptedConnectionCount += 1 }
            return state.acceptedConnectionCount
        }
    }

    private func unregisterAndClose(_ descriptor: Int32) {
        // Removed under the lock before closing, so `stop()` never shuts down a reused descriptor.
        state.withLock { _ = $0.openConnections.remove(descriptor) }
        close(descriptor)
    }

    /// Stops accepting, wakes every delay and hanging response, shuts every open connection,
    /// waits for all threads to finish, and closes the listener. Idempotent.
    func stop() {
        let wasStopped = state.withLock { state in
            if state.isStopped { return true }
            state.isStopped = true
            // Shutting down (not closing) wakes threads blocked in recv; each thread closes its own descriptor.
            for descriptor in state.openConnections {
                _ = shutdown(descriptor, Int32(SHUT_RDWR))
            }
            return false
        }
        wake.fire()
        threads.wait()
        if !wasStopped {
            close(listenDescriptor)
        }
    }
}
