#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A blocking HTTP/1.1 client over a raw socket, for observing exactly what the stub writes:
/// chunk boundaries and their arrival times, missing terminators, silent closes.
final class StubTestSocketClient {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var sawEndOfStream = false

    init(port: Int, receiveTimeout: Duration = .seconds(5)) throws {
        // Connect before storing the descriptor: once every stored property is set, a throwing
        // init runs deinit, which would close the descriptor a second time (possibly someone
        // else's by then).
        descriptor = try Self.connectedSocket(port: port, receiveTimeout: receiveTimeout)
    }

    private static func connectedSocket(port: Int, receiveTimeout: Duration) throws -> Int32 {
        #if os(Linux)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw StubTestClientError.systemCall("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let error = errno
            close(descriptor)
            throw StubTestClientError.systemCall("connect", error)
        }
        let (seconds, attoseconds) = receiveTimeout.components
        var timeout = timeval(tv_sec: .init(seconds), tv_usec: .init(attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return descriptor
    }

    deinit {
        close(descriptor)
    }

    func writeAll(_ text: String) throws {
        try writeAll(Array(text.utf8))
    }

    func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) }
            guard sent > 0 else { throw StubTestClientError.systemCall("send", errno) }
            offset += sent
        }
    }

    /// Receives more bytes into the buffer; false at end of stream.
    private func receiveMore() throws -> Bool {
        if sawEndOfStream { return false }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                buffer.append(contentsOf: chunk[0..<received])
                return true
            }
            if received == 0 {
                sawEndOfStream = true
                return false
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw StubTestClientError.timedOut }
            // A reset counts as the end of the stream.
            sawEndOfStream = true
            return false
        }
    }

    /// The next CRLF-terminated line without its CRLF, or nil at end of stream.
    private func readLine() throws -> String? {
        while true {
            if let index = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let line = String(decoding: buffer[0..<index], as: UTF8.self)
                buffer.removeFirst(index + 2)
                return line
            }
            guard try receiveMore() else { return nil }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8]? {
        while buffer.count < count {
            guard try receiveMore() else { return nil }
        }
        let bytes = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return bytes
    }

    /// Reads one complete response (skipping `100 Continue`), tolerating an early close.
    func readResponse(toHeadRequest: Bool = false) throws -> StubTestHTTPResponse {
        while true {
            guard let statusLine = try readLine() else { throw StubTestClientError.closedBeforeResponse }
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
                throw StubTestClientError.malformedResponse(statusLine)
            }
            var headers: [String: String] = [:]
            while true {
                guard let line = try readLine() else { throw StubTestClientError.malformedResponse("head cut short") }
                if line.isEmpty { break }
                guard let colon = line.firstIndex(of: ":") else { throw StubTestClientError.malformedResponse(line) }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            if status == 100 { continue }
            var response = StubTestHTTPResponse(status: status, headers: headers, body: Data(), chunks: [],
                                                receivedTerminatingChunk: false, closedBeforeEnd: false)
            if toHeadRequest { return response }
            if headers["transfer-encoding"]?.lowercased() == "chunked" {
                while true {
                    guard let sizeLine = try readLine() else { response.closedBeforeEnd = true; return response }
                    guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                        throw StubTestClientError.malformedResponse("chunk size \(sizeLine)")
                    }
                    if size == 0 {
                        while let trailer = try readLine(), !trailer.isEmpty {}
                        response.receivedTerminatingChunk = true
                        return response
                    }
                    guard let data = try readExactly(size + 2) else { response.closedBeforeEnd = true; return response }
                    let chunk = Data(data[0..<size])
                    response.chunks.append(.init(data: chunk, arrivedAt: .now))
                    response.body.append(chunk)
                }
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            guard let body = try readExactly(length) else { response.closedBeforeEnd = true; return response }
            response.body = Data(body)
            return response
        }
    }

    /// Reads until the server closes the connection; returns every byte that arrived.
    func readUntilClosed() throws -> [UInt8] {
        while try receiveMore() {}
        defer { buffer.removeAll() }
        return buffer
    }
}

