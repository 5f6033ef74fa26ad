#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A small HTTP/1.1 server on loopback whose every answer is decided by a handler closure.
///
/// Used by tests and benchmarks to impersonate remote APIs. Each connection is served on its
/// own thread with keep-alive; request bodies may use `Content-Length` or chunked encoding.
/// The handler is called on the connection's thread, once per request, and must be thread-safe.
///
///     let server = try StubHTTPServer { request in
///         .full(body: Data(#"{"ok":true}"#.utf8))
///     }
///     defer { server.stop() }
///     // point the client at server.baseURL
public final class StubHTTPServer: Sendable {
    /// The port the server listens on (the one the system picked when created with port 0).
    public let port: Int
    /// `http://HOST:PORT`, with no trailing slash; `0.0.0.0` is reported as `127.0.0.1`.
    public let baseURL: URL
    private let runtime: ServerRuntime

    /// Binds `host:port` (IPv4; port 0 picks a free one) and starts accepting on a background thread.
    ///
    /// - Parameter handler: decides the response to each request; called concurrently from
    ///   connection threads, so it must not block other than by design.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        connections: StubConnectionPolicy = .keepAlive,
        handler: @escaping @Sendable (StubRequest) -> StubResponse
    ) throws(StubServerError) {
        guard (0...65535).contains(port) else { throw .invalidPort(port) }
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        guard inet_pton(AF_INET, numericHost, &address.sin_addr) == 1 else { throw .invalidHost(host) }

        let descriptor = socket(AF_INET, SocketSupport.streamSocketType, 0)
        guard descriptor >= 0 else { throw .socketCallFailed(call: "socket", errorNumber: errno) }
        SocketSupport.setCloseOnExec(descriptor)
        SocketSupport.setIntOption(descriptor, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)

        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = errno
            close(descriptor)
            throw .socketCallFailed(call: "bind \(numericHost):\(port)", errorNumber: error)
        }
        guard listen(descriptor, 1024) == 0 else {
            let error = errno
            close(descriptor)
            throw .socketCallFailed(call: "listen", errorNumber: error)
        }
        var boundAddress = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &boundAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let error = errno
            close(descriptor)
            throw .socketCallFailed(call: "getsockname", errorNumber: error)
        }
        SocketSupport.setNonBlocking(descriptor, true)

        let wake: WakeSignal
        do {
            wake = try WakeSignal()
        } catch {
            close(descriptor)
            throw error
        }
        self.port = Int(UInt16(bigEndian: boundAddress.sin_port))
        let urlHost = numericHost == "0.0.0.0" ? "127.0.0.1" : numericHost
        baseURL = URL(string: "http://\(urlHost):\(self.port)")!
        runtime = ServerRuntime(listenDescriptor: descriptor, wake: wake, connections: connections, handler: handler)
        runtime.start()
    }

    /// Number of requests read completely so far (each one was passed to the handler).
    public var requestCount: Int { runtime.requestCount }

    /// Number of connections accepted so far.
    public var acceptedConnectionCount: Int { runtime.acceptedConnectionCount }

    /// Number of connections currently open.
    var openConnectionCount: Int { runtime.openConnectionCount }

    /// Stops accepting, closes every open connection (cutting delays, streams and hanging
    /// responses short), waits for all server threads to finish and closes the listener.
    /// Idempotent; must not be called from inside the handler.
    public func stop() {
        runtime.stop()
    }

    deinit {
        runtime.stop()
    }
}
