import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One plain-HTTP (no TLS) request on a blocking socket, for `http://` endpoints: local llama.cpp servers, vLLM,
/// the stub.
///
/// URLSession on Linux drives libcurl through Dispatch sources, and those lose events when a closed socket's file
/// descriptor is reused at once (swift-corelibs-libdispatch #833): against llama.cpp's server, which closes every
/// connection, most runs of a few hundred requests stalled. A blocking socket has no such registry. The request runs
/// on a thread of `BlockingThreads` (reused, never shared with another request while it lasts) and on a kept-alive
/// connection from `PlainHTTPConnections` when there is one; a kept connection the server closed just as the request
/// was sent (nothing came back) is replaced by a new one, once.
final class PlainHTTPExchange: @unchecked Sendable {
    /// Throws to stop the exchange (an answer over its size limit).
    typealias Deliver = @Sendable (HTTPEvent) throws -> Void
    /// Called once, with the error that ended the exchange (nil when the response ended normally).
    typealias Complete = @Sendable ((any Error)?) -> Void

    private let request: URLRequest
    private let connections: PlainHTTPConnections
    private let deliver: Deliver
    private let complete: Complete
    // The socket, guarded so `cancel` (any thread) and the request thread agree on who closes it.
    private let socketState = Mutex<(descriptor: Int32, cancelled: Bool)>((-1, false))

    init(request: URLRequest, connections: PlainHTTPConnections, deliver: @escaping Deliver, complete: @escaping Complete) {
        self.request = request
        self.connections = connections
        self.deliver = deliver
        self.complete = complete
    }

    func start() {
        BlockingThreads.shared.run { [self] in
            var failure: (any Error)?
            do {
                try perform()
            } catch {
                failure = socketState.withLock { $0.cancelled } ? CancellationError() : error
            }
            closeSocket()
            complete(failure)
        }
    }

    /// Aborts the request from any thread: shutting the socket down wakes the blocked `recv`/`send`.
    func cancel() {
        socketState.withLock { state in
            state.cancelled = true
            if state.descriptor >= 0 { shutdown(state.descriptor, Int32(SHUT_RDWR)) }
        }
    }

    private func closeSocket() {
        let descriptor = socketState.withLock { state -> Int32 in
            defer { state.descriptor = -1 }
            return state.descriptor
        }
        if descriptor >= 0 { close(descriptor) }
    }

    private func perform() throws {
        guard let url = request.url, let host = url.host else { throw BackendError.connection("no host in \(request.url?.absoluteString ?? "")") }
        let port = url.port ?? 80
        let address = "\(host):\(port)"
        let bytes = Array(requestBytes(url: url, host: host, port: port))
        if let kept = connections.take(address) {
            guard register(kept) else {
                close(kept)
                throw CancellationError()
            }
            do {
                try exchange(on: kept, bytes, address: address, reused: true)
                return
            } catch is StaleConnection {
                closeSocket()
            }
        }
        try exchange(on: try connect(host: host, port: port), bytes, address: address, reused: false)
    }

    /// A kept-alive connection that the server had closed: nothing of a response came back on it.
    private struct StaleConnection: Error {}

    private func exchange(on descriptor: Int32, _ bytes: [UInt8], address: String, reused: Bool) throws {
        var reader = ResponseReader(descriptor: descriptor)
        let head: ResponseReader.Head
        do {
            try send(descriptor, bytes)
            head = try reader.readHead()
        } catch let error as BackendError {
            let cancelled = socketState.withLock { $0.cancelled }
            if reused, !cancelled, reader.receivedBytes == 0, case .connection = error { throw StaleConnection() }
            throw error
        }
        try deliver(.head(status: head.status, headers: head.headers, at: .now))
        let framed = try reader.readBody(head: head) { data, arrival in try deliver(.body(data, at: arrival)) }
        guard framed, head.keepAlive, reader.isDrained else { return }
        let detached = socketState.withLock { state -> Int32? in
            guard !state.cancelled, state.descriptor == descriptor else { return nil }
            state.descriptor = -1
            return descriptor
        }
        if let detached { connections.put(detached, for: address) }
    }

    /// Makes `descriptor` the one `cancel` shuts down; false when the exchange was cancelled already.
    private func register(_ descriptor: Int32) -> Bool {
        socketState.withLock { state -> Bool in
            guard !state.cancelled else { return false }
            state.descriptor = descriptor
            return true
        }
    }

    private func requestBytes(url: URL, host: String, port: Int) -> Data {
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        let body = request.httpBody ?? Data()
        var head = "\(request.httpMethod ?? "GET") \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        let headers: [String: String] = request.allHTTPHeaderFields ?? [:]
        for (name, value) in headers where !["host", "content-length", "connection"].contains(name.lowercased()) {
            head += "\(name): \(value)\r\n"
        }
        head += "User-Agent: evalctl/\(EvalKitVersion.current)\r\nContent-Length: \(body.count)\r\n\r\n"
        return Data(head.utf8) + body
    }

    private func connect(host: String, port: Int) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw BackendError.connection("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(results) }
        var lastError = ECONNREFUSED
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let descriptor = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { continue }
            guard register(descriptor) else {
                close(descriptor)
                throw CancellationError()
            }
            var noDelay: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return descriptor }
            lastError = errno
            closeSocket()
        }
        throw BackendError.connection("cannot connect to \(host):\(port): \(String(cString: strerror(lastError)))")
    }

    private func send(_ descriptor: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw BackendError.connection("sending the request failed: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }
}

/// Reads an HTTP/1.1 response from a blocking socket: the head, then the body by Content-Length, chunked framing,
/// or until the server closes the connection.
struct ResponseReader {
    struct Head {
        let status: Int
        let headers: [String: String]
        /// Whether the server lets the connection carry another request (HTTP/1.1 unless `Connection: close`).
        let keepAlive: Bool
    }

    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes received so far: none means the server never started a response on this connection.
    private(set) var receivedBytes = 0

    /// Whether every byte received has been read: bytes past the response's end mean the connection is out of step.
    var isDrained: Bool { start == buffer.count }

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Reads more bytes; returns false at end of stream.
    private mutating func fill() throws -> Bool {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 65_536 {
            buffer.removeFirst(start)
            start = 0
        }
        while true {
            var count = 0
            // Uninitialised: zeroing 64 KB for every read of a short answer was measurable.
            let chunk = [UInt8](unsafeUninitializedCapacity: 65_536) { bytes, initialized in
                count = recv(descriptor, bytes.baseAddress, bytes.count, 0)
                initialized = max(count, 0)
            }
            if count > 0 {
                receivedBytes += count
                if buffer.isEmpty { buffer = chunk } else { buffer.append(contentsOf: chunk) }
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            throw BackendError.connection("reading the response failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The longest line of the head or of chunk framing accepted; real servers send lines of a few hundred bytes.
    static let maxLineBytes = 64 * 1024

    private mutating func line() throws -> String? {
        var searched = start
        while true {
            if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                // Through a buffer pointer: decoding an ArraySlice takes String's slow generic path.
                let text = buffer.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
                start = newline + 1
                return text
            }
            guard buffer.count - start <= Self.maxLineBytes else {
                throw BackendError.malformedAnswer("a line of the response head or chunk framing is longer than \(Self.maxLineBytes) bytes")
            }
            // `fill` may move the unread bytes to the front of the buffer; only what arrives next is searched.
            let unread = buffer.count - start
            guard try fill() else { return nil }
            searched = start + unread
        }
    }

    mutating func readHead() throws -> Head {
        guard let statusLine = try line() else { throw BackendError.connection("the server closed the connection without answering") }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw BackendError.malformedAnswer("not an HTTP response: \(statusLine.prefix(100))")
        }
        var headers: [String: String] = [:]
        while let headerLine = try line(), !headerLine.isEmpty {
            guard let colon = headerLine.firstIndex(of: ":") else { continue }
            let name = headerLine[..<colon].lowercased()
            let value = String(Self.trimmed(headerLine[headerLine.index(after: colon)...]))
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        let tokens = (headers["connection"] ?? "").lowercased().split(separator: ",").map(Self.trimmed)
        let keepAlive = parts[0] == "HTTP/1.1" ? !tokens.contains("close") : tokens.contains("keep-alive")
        return Head(status: status, headers: headers, keepAlive: keepAlive)
    }

    /// `text` without the spaces and tabs around it (HTTP's optional whitespace). Foundation's
    /// `trimmingCharacters(in:)` goes through NSString and was a twentieth of evalctl's CPU against a fast server.
    static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return text[first...last]
    }

    /// Delivers the body as it arrives. Returns true when the body ended by its framing (chunked or Content-Length),
    /// false when it ran until the server closed the connection.
    @discardableResult
    mutating func readBody(head: Head, deliver: (Data, ContinuousClock.Instant) throws -> Void) throws -> Bool {
        if head.headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            try readChunked(deliver)
            return true
        } else if let length = head.headers["content-length"].flatMap(Int.init) {
            try readExactly(length, deliver)
            return true
        } else {
            while true {
                if start < buffer.count {
                    try deliver(Data(buffer[start...]), .now)
                    start = buffer.count
                }
                guard try fill() else { return false }
            }
        }
    }

    /// Delivers the next `count` body bytes as they arrive.
    private mutating func readExactly(_ count: Int, _ deliver: (Data, ContinuousClock.Instant) throws -> Void) throws {
        var remaining = count
        while remaining > 0 {
            if start == buffer.count, try !fill() {
                throw BackendError.connection("the connection closed \(remaining) bytes before the end of the response")
            }
            let take = min(remaining, buffer.count - start)
            try deliver(Data(buffer[start..<start + take]), .now)
            start += take
            remaining -= take
        }
    }

    /// Chunks already received whole are delivered together, as one event stamped when the first of them arrived:
    /// a server streaming an answer sends an event per chunk, and handing each to the reader on its own cost a
    /// wake-up apiece. A chunk that is still arriving is delivered as its bytes come.
    private mutating func readChunked(_ deliver: (Data, ContinuousClock.Instant) throws -> Void) throws {
        var pending = Data()
        var pendingArrival = ContinuousClock.now
        while true {
            if !pending.isEmpty, !holdsWholeChunk() {
                try deliver(pending, pendingArrival)
                pending = Data()
            }
            guard let sizeLine = try line() else {
                throw BackendError.connection("the connection closed before the end of the chunked response")
            }
            let size = try Self.chunkSize(sizeLine)
            if size == 0 {
                if !pending.isEmpty { try deliver(pending, pendingArrival) }
                while let trailer = try line(), !trailer.isEmpty {}
                return
            }
            if buffer.count - start - 2 >= size {  // never `size + 2`: a hostile size line may say Int.max
                if pending.isEmpty { pendingArrival = .now }
                buffer.withUnsafeBufferPointer { pending.append(UnsafeBufferPointer(rebasing: $0[start..<start + size])) }
                start += size
            } else {
                if !pending.isEmpty {
                    try deliver(pending, pendingArrival)
                    pending = Data()
                }
                try readExactly(size, deliver)
            }
            guard try line() == "" else { throw BackendError.malformedAnswer("a chunk is not followed by CRLF") }
        }
    }

    private static func chunkSize(_ sizeLine: String) throws -> Int {
        let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first ?? ""
        guard let size = Int(trimmed(sizeText), radix: 16), size >= 0 else {
            throw BackendError.malformedAnswer("bad chunk size line: \(sizeLine.prefix(40))")
        }
        return size
    }

    /// Whether the next chunk (its size line, its bytes and their CRLF) has been received whole.
    private func holdsWholeChunk() -> Bool {
        guard let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) else { return false }
        var end = newline
        if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let sizeLine = buffer.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
        guard let size = try? Self.chunkSize(sizeLine) else { return true }  // a bad size line fails where it is read
        return buffer.count - (newline + 1) - 2 >= size
    }
}
