import Foundation
import Testing
@testable import EvalKit

@Suite("Server-sent event parser")
struct ServerSentEventParserTests {
    /// Feeds `text` in pieces of `chunkSize` bytes and collects every event, including the one `finish()` returns.
    private func events(in text: String, chunkSize: Int) -> [String] {
        var parser = ServerSentEventParser()
        let bytes = Array(text.utf8)
        var events: [String] = []
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            events += parser.feed(Data(bytes[start..<min(start + chunkSize, bytes.count)]))
        }
        if let last = parser.finish() { events.append(last) }
        return events
    }

    private let stream = "data: {\"delta\":\"Pa\"}\n\ndata: {\"delta\":\"rïs ✓\"}\n\ndata: [DONE]\n\n"

    @Test("events are split at blank lines")
    func wholeStream() {
        #expect(events(in: stream, chunkSize: .max) == [#"{"delta":"Pa"}"#, #"{"delta":"rïs ✓"}"#, "[DONE]"])
    }

    @Test("the same events come out however the bytes are chunked, one byte at a time included", arguments: [1, 2, 3, 5, 7, 64])
    func arbitraryChunks(chunkSize: Int) {
        #expect(events(in: stream, chunkSize: chunkSize) == events(in: stream, chunkSize: .max))
    }

    @Test("an event is returned by the feed that completes it, not before")
    func eventTiming() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Data("data: one\n".utf8)) == [])
        #expect(parser.feed(Data("\ndata: tw".utf8)) == ["one"])
        #expect(parser.feed(Data("o\n\n".utf8)) == ["two"])
        #expect(parser.finish() == nil)
    }

    @Test("CRLF line endings work, even when CR and LF arrive in different chunks")
    func crlf() {
        let text = "data: first\r\n\r\ndata: second\r\n\r\n"
        #expect(events(in: text, chunkSize: .max) == ["first", "second"])
        #expect(events(in: text, chunkSize: 1) == ["first", "second"])
    }

    @Test("comment lines, other fields and unknown fields are ignored")
    func commentsAndFields() {
        let text = ": keep-alive\n\nevent: message\nid: 7\nretry: 1000\n: note\ndata: payload\n\n"
        #expect(events(in: text, chunkSize: 1) == ["payload"])
    }

    @Test("several data lines make one payload joined by newlines")
    func multiLineData() {
        let text = "data: line one\ndata:line two\ndata\ndata:  indented\n\n"
        #expect(events(in: text, chunkSize: 1) == ["line one\nline two\n\n indented"])
    }

    @Test("a final event without the closing blank line is returned by finish()")
    func finalEventWithoutBlankLine() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Data("data: done\n\ndata: tail".utf8)) == ["done"])
        #expect(parser.finish() == "tail")
        #expect(parser.finish() == nil)
        var terminated = ServerSentEventParser()
        #expect(terminated.feed(Data("data: tail\n".utf8)) == [])
        #expect(terminated.finish() == "tail")
    }

    @Test("blank lines without data produce no events")
    func emptyEvents() {
        #expect(events(in: "\n\n\r\n: ping\n\n", chunkSize: 1) == [])
    }
}
