#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads successive HTTP/1.x requests from one blocking socket through a reusable buffer.
///
/// Handles `Content-Length` and `Transfer-Encoding: chunked` bodies and answers
/// `Expect: 100-continue`. Not thread-safe: one reader per connection thread.
final class HTTPRequestReader {
    enum Outcome {
        /// A complete request.
        case request(HTTPRequestHead, body: Data)
        /// The peer closed (or the server shut the socket) between requests.
        case connectionClosed
        /// The request cannot be served; answer with `status` and close.
        case rejected(status: Int, reason: String)
    }

    static let maximumHeadBytes = 64 * 1024
    static let maximumBodyBytes = 64 * 1024 * 1024

    private let descriptor: Int32
    private var storage: UnsafeMutableRawBufferPointer
    /// First unconsumed byte.
    private var readIndex = 0
    /// One past the last received byte.
    private var writeIndex = 0

    init(descriptor: Int32, initialCapacity: Int = 16 * 1024) {
        self.descriptor = descriptor
        storage = .allocate(byteCount: initialCapacity, alignment: 1)
    }

    deinit {
        storage.deallocate()
    }

    private var buffered: Int { writeIndex - readIndex }

    /// Receives more bytes, compacting or growing the buffer as needed.
    /// Returns false on end of stream, error, or when the buffer may not grow past `limit`.
    private func receiveMore(limit: Int) -> Bool {
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
        }
        if writeIndex == storage.count {
            if readIndex > 0 {
                let count = buffered
                if let base = storage.baseAddress {
                    memmove(base, base + readIndex, count)
                }
                readIndex = 0
                writeIndex = count
            } else {
                guard storage.count < limit else { return false }
                let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: min(limit, storage.count * 2), alignment: 1)
                grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[0..<writeIndex]))
                storage.deallocate()
                storage = grown
            }
        }
        while true {
            let received = recv(descriptor, storage.baseAddress! + writeIndex, storage.count - writeIndex, 0)
            if received > 0 {
                writeIndex += received
                return true
            }
            if received < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Makes at least `count` unconsumed bytes available.
    private func ensureBuffered(_ count: Int, limit: Int) -> Bool {
        while buffered < count {
            guard receiveMore(limit: limit) else { return false }
        }
        return true
    }

    /// Index of the CR of the first CRLF at or after `readIndex`, receiving more as needed;
    /// nil when the line grows past `maximumLength` or the stream ends first.
    private func findLineEnd(maximumLength: Int) -> Int? {
        var offset = 0
        while true {
            if let crlf = firstCRLF(in: (readIndex + offset)..<writeIndex) { return crlf }
            offset = max(0, buffered - 1)
            if offset > maximumLength { return nil }
            // Offsets relative to readIndex survive the buffer being compacted or grown.
            guard receiveMore(limit: Self.maximumHeadBytes * 2) else { return nil }
        }
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: storage[range]), as: UTF8.self)
    }

    private func lowercasedString(_ range: Range<Int>) -> String {
        var hasUppercase = false
        var index = range.lowerBound
        while index < range.upperBound {
            if storage[index] >= 65 && storage[index] <= 90 { hasUppercase = true; break }
            index += 1
        }
        guard hasUppercase else { return string(range) }
        var bytes = [UInt8](UnsafeRawBufferPointer(rebasing: storage[range]))
        index = 0
        while index < bytes.count {
            if bytes[index] >= 65 && bytes[index] <= 90 { bytes[index] += 32 }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads the next request, sending `100 Continue` through `descriptor` when the client asks.
    func readRequest() -> Outcome {
        // Skip empty lines before a request line (RFC 9112 section 2.2).
        while true {
            if buffered < 2 {
                guard receiveMore(limit: Self.maximumHeadBytes * 2) else { return .connectionClosed }
                continue
            }
            if storage[readIndex] == 13 && storage[readIndex + 1] == 10 {
                readIndex += 2
            } else {
                break
            }
        }

        // A request line starts with a method token. Anything else (a TLS ClientHello, from an https:// URL pointed at
        // this plain-HTTP server) is answered 400 at once, as common servers do, not waited on for a head that never comes.
        guard (0x21...0x7E).contains(storage[readIndex]) else { return .rejected(status: 400, reason: "not an HTTP request") }

        // Find the end of the head, CRLF CRLF, jumping from LF to LF with memchr.
        var scanOffset = 0
        var headEnd = -1
        while headEnd < 0 {
            var position = readIndex + scanOffset
            while position < writeIndex, let newline = memchr(storage.baseAddress! + position, 10, writeIndex - position) {
                let index = storage.baseAddress!.distance(to: newline)
                if index >= readIndex + 3 && storage[index - 1] == 13 && storage[index - 2] == 10 && storage[index - 3] == 13 {
                    headEnd = index - 3
                    break
                }
                position = index + 1
            }
            if headEnd >= 0 { break }
            if buffered > Self.maximumHeadBytes {
                return .rejected(status: 431, reason: "request head larger than \(Self.maximumHeadBytes) bytes")
            }
            // Rescan the last three bytes too: the terminator may straddle two reads.
            scanOffset = max(0, buffered - 3)
            guard receiveMore(limit: Self.maximumHeadBytes * 2) else {
                return buffered == 0 ? .connectionClosed : .rejected(status: 400, reason: "incomplete request head")
            }
        }

        guard headEnd - readIndex <= Self.maximumHeadBytes else {
            return .rejected(status: 431, reason: "request head larger than \(Self.maximumHeadBytes) bytes")
        }
        guard let head = parseHead(readIndex..<headEnd) else {
            return .rejected(status: 400, reason: "malformed request head")
        }
        readIndex = headEnd + 4

        // Body framing.
        let expectsContinue = head.headers["expect"]?.lowercased() == "100-continue"
        if let transferEncoding = head.headers["transfer-encoding"] {
            guard HTTPRequestHead.tokens(transferEncoding) == ["chunked"] else {
                return .rejected(status: 501, reason: "unsupported transfer-encoding \(transferEncoding)")
            }
            if expectsContinue && buffered == 0 { sendContinue() }
            return readChunkedBody(head: head)
        }
        var contentLength = 0
        if let lengthField = head.headers["content-length"] {
            let values = Set(HTTPRequestHead.tokens(lengthField))
            guard values.count == 1, let text = values.first, !text.isEmpty,
                  text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(text) else {
                return .rejected(status: 400, reason: "invalid content-length \(lengthField)")
            }
            contentLength = length
        }
        guard contentLength <= Self.maximumBodyBytes else {
            return .rejected(status: 413, reason: "body larger than \(Self.maximumBodyBytes) bytes")
        }
        if contentLength == 0 { return .request(head, body: Data()) }
        if expectsContinue && buffered == 0 { sendContinue() }
        guard ensureBuffered(contentLength, limit: contentLength + Self.maximumHeadBytes * 2) else {
            return .connectionClosed
        }
        let body = Data(bytes: storage.baseAddress! + readIndex, count: contentLength)
        readIndex += contentLength
        return .request(head, body: body)
    }

    private func sendContinue() {
        _ = SocketSupport.sendAll(descriptor, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    private func readChunkedBody(head: HTTPRequestHead) -> Outcome {
        var body = Data()
        let limit = Self.maximumBodyBytes + Self.maximumHeadBytes * 2
        while true {
            guard let lineEnd = findLineEnd(maximumLength: 1024) else {
                return buffered == 0 ? .connectionClosed : .rejected(status: 400, reason: "malformed chunk size line")
            }
            var sizeEnd = lineEnd
            if let semicolon = firstIndex(of: 59, in: readIndex..<lineEnd) { sizeEnd = semicolon }
            let sizeText = HTTPRequestHead.tokens(string(readIndex..<sizeEnd)).first.map(String.init) ?? ""
            guard !sizeText.isEmpty, sizeText.count <= 8, let size = Int(sizeText, radix: 16) else {
                return .rejected(status: 400, reason: "malformed chunk size \(sizeText)")
            }
            readIndex = lineEnd + 2
            if size == 0 {
                // Trailer fields, if any, end with an empty line.
                while true {
                    guard let trailerEnd = findLineEnd(maximumLength: Self.maximumHeadBytes) else {
                        return .rejected(status: 400, reason: "malformed chunked trailer")
                    }
                    let isEmpty = trailerEnd == readIndex
                    readIndex = trailerEnd + 2
                    if isEmpty { return .request(head, body: body) }
                }
            }
            guard body.count + size <= Self.maximumBodyBytes else {
                return .rejected(status: 413, reason: "body larger than \(Self.maximumBodyBytes) bytes")
            }
            guard ensureBuffered(size + 2, limit: limit) else { return .connectionClosed }
            body.append(storage.baseAddress!.assumingMemoryBound(to: UInt8.self) + readIndex, count: size)
            readIndex += size
            guard storage[readIndex] == 13, storage[readIndex + 1] == 10 else {
                return .rejected(status: 400, reason: "chunk data not followed by CRLF")
            }
            readIndex += 2
        }
    }

    /// Index of the first `byte` in `range`, if any.
    private func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard range.lowerBound < range.upperBound, let base = storage.baseAddress,
              let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return base.distance(to: found)
    }

    private func isSpaceOrTab(_ index: Int) -> Bool {
        let value = storage[index]
        return value == 32 || value == 9
    }

    /// Parses the request line and header fields in `range` (which excludes the final CRLF CRLF).
    private func parseHead(_ range: Range<Int>) -> HTTPRequestHead? {
        // Request line: METHOD SP TARGET SP VERSION
        let requestLineEnd = firstCRLF(in: range) ?? range.upperBound
        guard let firstSpace = firstIndex(of: 32, in: range.lowerBound..<requestLineEnd),
              firstSpace > range.lowerBound,
              let secondSpace = firstIndex(of: 32, in: (firstSpace + 1)..<requestLineEnd),
              secondSpace > firstSpace + 1,
              secondSpace + 1 < requestLineEnd,
              firstIndex(of: 32, in: (secondSpace + 1)..<requestLineEnd) == nil else { return nil }
        let method = string(range.lowerBound..<firstSpace)
        let target = string((firstSpace + 1)..<secondSpace)
        let version = string((secondSpace + 1)..<requestLineEnd)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { return nil }

        var headers: [String: String] = [:]
        var lineStart = requestLineEnd + 2
        while lineStart < range.upperBound {
            let lineEnd = firstCRLF(in: lineStart..<range.upperBound) ?? range.upperBound
            guard let colon = firstIndex(of: 58, in: lineStart..<lineEnd), colon > lineStart else { return nil }
            // No whitespace inside the name; this also rejects obsolete line folding.
            var position = lineStart
            while position < colon {
                if isSpaceOrTab(position) { return nil }
                position += 1
            }
            var valueStart = colon + 1
            var valueEnd = lineEnd
            while valueStart < valueEnd && isSpaceOrTab(valueStart) { valueStart += 1 }
            while valueEnd > valueStart && isSpaceOrTab(valueEnd - 1) { valueEnd -= 1 }
            let name = lowercasedString(lineStart..<colon)
            let value = string(valueStart..<valueEnd)
            if let existing = headers[name] {
                headers[name] = existing + ", " + value
            } else {
                headers[name] = value
            }
            lineStart = lineEnd + 2
        }
        return HTTPRequestHead(method: method, target: target, version: version, headers: headers)
    }

    /// Index of the CR of the first CRLF inside `range`, if any.
    private func firstCRLF(in range: Range<Int>) -> Int? {
        guard let base = storage.baseAddress else { return nil }
        var position = range.lowerBound
        while position < range.upperBound, let found = memchr(base + position, 13, range.upperBound - position) {
            let index = base.distance(to: found)
            if index + 1 < range.upperBound && storage[index + 1] == 10 { return index }
            position = index + 1
        }
        return nil
    }
}
