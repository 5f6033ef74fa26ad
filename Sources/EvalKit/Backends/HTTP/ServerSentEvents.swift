import Foundation

/// Splits a `text/event-stream` body into the `data` payloads of its events, however the bytes were chunked.
struct ServerSentEventParser {
    private var buffer: [UInt8] = []
    /// How far `buffer` has been searched for a line end: a long line arriving in many pieces is scanned once, not
    /// again with every piece (which made one endless line quadratic).
    private var scanned = 0
    private var dataLines: [String] = []

    /// Feeds bytes and returns the payloads of the events they completed.
    mutating func feed(_ data: Data) -> [String] {
        buffer.append(contentsOf: data)
        var events: [String] = []
        var lineStart = 0
        var index = scanned
        while index < buffer.count {
            if buffer[index] == UInt8(ascii: "\n") {
                var lineEnd = index
                if lineEnd > lineStart, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                if let event = consumeLine(buffer[lineStart..<lineEnd]) { events.append(event) }
                lineStart = index + 1
            }
            index += 1
        }
        buffer.removeFirst(lineStart)
        scanned = buffer.count
        return events
    }

    /// Returns the payload of a final event not followed by a blank line, if any.
    mutating func finish() -> String? {
        if !buffer.isEmpty {
            let rest = buffer
            buffer = []
            scanned = 0
            _ = consumeLine(rest[...])
        }
        return dispatch()
    }

    private mutating func consumeLine(_ line: ArraySlice<UInt8>) -> String? {
        if line.isEmpty { return dispatch() }
        guard line.first != UInt8(ascii: ":") else { return nil }  // a comment, e.g. a keep-alive
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        if field == "data" { dataLines.append(String(value)) }
        return nil
    }

    private mutating func dispatch() -> String? {
        guard !dataLines.isEmpty else { return nil }
        defer { dataLines = [] }
        return dataLines.joined(separator: "\n")
    }
}
