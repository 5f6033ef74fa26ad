import Foundation
import Testing
@testable import EvalKit

@Suite("Cassette: the JSON Lines format of cache export and import")
struct CassetteTests {
    /// An answer as the cache records it, with a key computed the way `CachingBackend` computes it.
    static func answer(_ index: Int, output: String = "Paris", model: String = "gpt-stub",
                       recordedAt: Date = Date(timeIntervalSince1970: 1_764_662_400.125)) -> CachedAnswer {
        let body: JSONValue = .object([
            "messages": .array([.object(["role": .string("user"), "content": .string("question \(index)")])]),
            "model": .string(model), "temperature": .number(0),
        ])
        let identity = RequestIdentity(wireType: "openai", endpoint: "http://127.0.0.1:8080/v1", model: model, body: body, sample: 0)
        return CachedAnswer(key: identity.key, wireType: "openai", endpoint: identity.endpoint, model: model, sample: 0,
                            request: body.canonicalJSON, output: output, finishReason: "stop", promptTokens: 12, completionTokens: 3,
                            systemFingerprint: nil, servedModel: "\(model)-0613", latencyMs: 12.345, ttftMs: nil, recordedAt: recordedAt)
    }

    /// Outputs a model may send that a line-based, quoted format could break on.
    static let hostileOutputs = [
        "two\nlines\r\nand a tab\t", "\"quoted\" and \\backslashed\\", "</script><script>alert(1)</script>", "NUL \u{0} inside",
        "\u{202E}reversed\u{202C} and \u{2028}line separator\u{2029}", "emoji 👩‍👩‍👧 and e\u{301}", "{\"json\": [1, 2]}", "",
        String(repeating: "0123456789abcdef\n", count: 65_536),
    ]

    @Test("a line reads back as the answer it was written from, whatever the output holds, on one physical line")
    func lineRoundTrip() throws {
        for (index, output) in Self.hostileOutputs.enumerated() {
            let answer = Self.answer(index, output: output)
            let line = try Cassette.line(for: answer)
            #expect(!line.utf8.contains(UInt8(ascii: "\n")), "a newline in the output is escaped")
            let read = try Cassette.answer(fromLine: Array(line.utf8), file: "c.jsonl", number: 1)
            #expect(read == answer, "output \(index)")
            #expect(Array(read.output.utf8) == Array(output.utf8), "byte for byte")
        }
    }

    @Test("a line is canonical JSON with the request as a JSON value and the answer's fields, nulls included")
    func lineShape() throws {
        let answer = Self.answer(1)
        let line = try Cassette.line(for: answer)
        #expect(line == """
            {"answer":{"completion_tokens":3,"finish_reason":"stop","latency_ms":12.345,"output":"Paris","prompt_tokens":12,\
            "served_model":"gpt-stub-0613","system_fingerprint":null,"ttft_ms":null},"cassette":1,\
            "endpoint":"http://127.0.0.1:8080/v1","key":"\(answer.key)","model":"gpt-stub","recorded_at":"2025-12-02T08:00:00.125Z",\
            "request":{"messages":[{"content":"question 1","role":"user"}],"model":"gpt-stub","temperature":0},"sample":0,\
            "wire_type":"openai"}
            """)
    }

    @Test("a cassette lists answers by key, so the same answers in any order give the same bytes")
    func deterministicOrder() throws {
        let answers = (0..<50).map { Self.answer($0) }
        let data = try Cassette.data(of: answers)
        #expect(try Cassette.data(of: answers.reversed()) == data)
        #expect(try Cassette.data(of: answers.shuffled()) == data)
        let keys = String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try? JSONValue(parsing: Data($0.utf8))["key"]?.stringValue
        }
        #expect(keys == answers.map(\.key).sorted())
        #expect(data.last == UInt8(ascii: "\n"))
    }

    @Test("answers stored from a cassette export to the same bytes; NUL is the store's U+2400")
    func storeRoundTrip() async throws {
        let store = try SQLiteStore.inMemory()
        var answers = Self.hostileOutputs.enumerated().map { Self.answer($0.offset, output: $0.element) }
        // Many milliseconds, so a clock rounding down or up anywhere on the way would show.
        var generator = SystemRandomNumberGenerator()
        answers += (0..<300).map { index in
            Self.answer(1000 + index, recordedAt: Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_102_444_800_000, using: &generator)) / 1000))
        }
        let cassette = try Cassette.data(of: answers)
        try await store.storeCachedAnswers(answers)
        var stored: [CachedAnswer] = []
        for answer in answers { stored.append(try #require(try await store.cachedAnswer(key: answer.key))) }
        let expected = String(decoding: cassette, as: UTF8.self).replacingOccurrences(of: "\\u0000", with: "\u{2400}")
        #expect(String(decoding: try Cassette.data(of: stored), as: UTF8.self) == expected)
    }

    @Test("recorded_at is UTC to the millisecond, by arithmetic, on both sides of 1970 and on leap days")
    func timestamps() {
        #expect(CassetteTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(CassetteTimestamp.format(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
        #expect(CassetteTimestamp.format(Date(timeIntervalSince1970: 1_709_251_199.999)) == "2024-02-29T23:59:59.999Z")
        #expect(CassetteTimestamp.parse("2024-02-29T23:59:59.999Z") == Date(timeIntervalSince1970: 1_709_251_199.999))
        #expect(CassetteTimestamp.parse("2026-01-31T12:00:00Z") == Date(timeIntervalSince1970: 1_769_860_800))
        #expect(CassetteTimestamp.parse("2026-01-31T12:00:00.1Z") == Date(timeIntervalSince1970: 1_769_860_800.1))
        #expect(CassetteTimestamp.parse("2026-01-31T12:00:00.9996Z") == Date(timeIntervalSince1970: 1_769_860_801), "rounded to the ms")
        for bad in ["2026-02-29T00:00:00Z", "2026-01-31 12:00:00Z", "2026-01-31T12:00:00", "2026-01-31T12:00:00+00:00",
                    "2026-1-31T12:00:00Z", "2026-01-31T24:00:00Z", "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00.1234567890Z", ""] {
            #expect(CassetteTimestamp.parse(bad) == nil, "\(bad)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800_000...253_402_300_799_999, using: &generator)) / 1000)
            #expect(CassetteTimestamp.parse(CassetteTimestamp.format(date)) == date)
        }
    }
}
