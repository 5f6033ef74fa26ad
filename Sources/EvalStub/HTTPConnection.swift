#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Serves the requests of one accepted connection, on that connection's own thread, until the
/// client closes it, a response ends it, or the server stops.
final class HTTPConnection {
    private let descriptor: Int32
    private let connectionNumber: Int
    private let runtime: ServerRuntime
    private let reader: HTTPRequestReader

    init(descriptor: Int32, connectionNumber: Int, runtime: ServerRuntime) {
        self.descriptor = descriptor
        self.connectionNumber = connectionNumber
        self.runtime = runtime
        reader = HTTPRequestReader(descriptor: descriptor)
    }

    /// Reads and answers requests until the connection should close.
    func serve() {
        var answered = 0
        while true {
            switch reader.readRequest() {
            case .connectionClosed:
                return
            case .rejected(let status, let reason):
                _ = sendFull(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
                             body: Data((reason + "\n").utf8), keepAlive: false, omitBody: false)
                return
            case .request(let head, let body):
                if runtime.connections == .closeOnReuse, answered > 0 { return }
                guard let sequenceNumber = runtime.admitRequest() else { return }
                let request = StubRequest(
                    method: head.method,
                    path: head.target,
                    headers: head.headers,
                    body: body,
                    sequenceNumber: sequenceNumber,
                    connectionNumber: connectionNumber,
                    receivedAt: .now
                )
                let response = runtime.handler(request)
                answered += 1
                let keepAlive = head.keepAlive && runtime.connections != .closeEach
                guard perform(response, keepAlive: keepAlive, omitBody: head.isHead) else { return }
            }
        }
    }

    /// Carries out one response. Returns whether the connection may serve another request.
    private func perform(_ response: StubResponse, keepAlive: Bool, omitBody: Bool) -> Bool {
        switch response {
        case .full(let status, let headers, let body, let delay):
            guard runtime.wake.sleep(for: delay) else { return false }
            return sendFull(status: status, headers: headers, body: body, keepAlive: keepAlive, omitBody: omitBody)
                && keepAlive

        case .stream(let status, let headers, let events, let cutShort):
            return sendStream(status: status, headers: headers, events: events, cutShort: cutShort, keepAlive: keepAlive)

        case .flood(let status, let headers, let prefix, let filler, let totalBytes):
            sendFlood(status: status, headers: headers, prefix: prefix, filler: filler, totalBytes: totalBytes)
            return false

        case .drop(let delay):
            _ = runtime.wake.sleep(for: delay)
            return false

        case .hang:
            waitUntilClientLeavesOrServerStops()
            return false
        }
    }

    private func sendFull(status: Int, headers: [String: String], body: Data, keepAlive: Bool, omitBody: Bool) -> Bool {
        var head = Self.statusLine(status)
        var hasContentType = false
        appendUserHeaders(headers, to: &head, hasContentType: &hasContentType)
        if !hasContentType && !body.isEmpty {
            head += "Content-Type: application/json\r\n"
        }
        head += "Content-Length: \(body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var bytes = [UInt8]()
        bytes.reserveCapacity(head.utf8.count + (omitBody ? 0 : body.count))
        bytes.append(contentsOf: head.utf8)
        if !omitBody { bytes.append(contentsOf: body) }
        return SocketSupport.sendAll(descriptor, bytes)
    }

    private func sendStream(
        status: Int, headers: [String: String], events: [StubStreamEvent], cutShort: Bool, keepAlive: Bool
    ) -> Bool {
        var head = Self.statusLine(status)
        var hasContentType = false
        appendUserHeaders(headers, to: &head, hasContentType: &hasContentType)
        if !hasContentType {
            head += "Content-Type: text/event-stream; charset=utf-8\r\n"
        }
        head += "Transfer-Encoding: chunked\r\n"
        let staysOpen = keepAlive && !cutShort
        head += staysOpen ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"

        // Bytes due at the same moment go out in one write.
        var pending = Array(head.utf8)
        for event in events {
            if event.delay > .zero {
                if !pending.isEmpty {
                    guard SocketSupport.sendAll(descriptor, pending) else { return false }
                    pending.removeAll(keepingCapacity: true)
                }
                guard runtime.wake.sleep(for: event.delay) else { return false }
            }
            guard !event.data.isEmpty else { continue }
            pending.append(contentsOf: String(event.data.count, radix: 16).utf8)
            pending.append(13)
            pending.append(10)
            pending.append(contentsOf: event.data)
            pending.append(13)
            pending.append(10)
        }
        if !cutShort {
            pending.append(contentsOf: "0\r\n\r\n".utf8)
        }
        guard SocketSupport.sendAll(descriptor, pending) else { return false }
        return staysOpen
    }

    private func sendFlood(status: Int, headers: [String: String], prefix: Data, filler: Data, totalBytes: Int?) {
        var head = Self.statusLine(status)
        var hasContentType = false
        appendUserHeaders(headers, to: &head, hasContentType: &hasContentType)
        if !hasContentType { head += "Content-Type: application/json\r\n" }
        if let totalBytes {
            head += "Content-Length: \(totalBytes)\r\n"
        } else {
            head += "Transfer-Encoding: chunked\r\n"
        }
        head += "Connection: close\r\n\r\n"
        // Whole 64 KiB writes of the filler; a write fails once the client has gone.
        var block = [UInt8]()
        let unit = filler.isEmpty ? [UInt8(ascii: " ")] : Array(filler)
        while block.count < 65_536 { block.append(contentsOf: unit) }
        var framedBlock = Array(String(block.count, radix: 16).utf8) + [13, 10] + block + [13, 10]
        if totalBytes != nil { framedBlock = block }
        var first = Array(head.utf8)
        if totalBytes == nil, !prefix.isEmpty {
            first += Array(String(prefix.count, radix: 16).utf8) + [13, 10] + Array(prefix) + [13, 10]
        } else if totalBytes != nil {
            first += Array(prefix)
        }
        guard SocketSupport.sendAll(descriptor, first) else { return }
        var remaining = (totalBytes ?? Int.max) - prefix.count
        while remaining > 0, !runtime.wake.hasFired {
            if totalBytes != nil, remaining < block.count {
                _ = SocketSupport.sendAll(descriptor, Array(block[0..<remaining]))
                return
            }
            guard SocketSupport.sendAll(descriptor, framedBlock) else { return }
            remaining -= block.count
        }
    }

    /// Blocks until the client closes its side or the server stops; discards anything it sends.
    private func waitUntilClientLeavesOrServerStops() {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            let ready = SocketSupport.waitReadable([runtime.wake.readDescriptor, descriptor], timeoutMilliseconds: -1)
            if ready[0] != 0 { return }
            if ready[1] != 0 {
                let received = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if received == 0 || (received < 0 && errno != EINTR) { return }
            }
        }
    }

    /// Appends the caller's header fields, sorted by name for a stable wire image, skipping the
    /// framing fields the server owns.
    private func appendUserHeaders(_ headers: [String: String], to head: inout String, hasContentType: inout Bool) {
        for (name, value) in headers.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            switch name.lowercased() {
            case "content-length", "transfer-encoding", "connection":
                continue
            case "content-type":
                hasContentType = true
            default:
                break
            }
            head += name
            head += ": "
            head += value
            head += "\r\n"
        }
    }

    static func statusLine(_ status: Int) -> String {
        "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status \(status)"
        }
    }
}
