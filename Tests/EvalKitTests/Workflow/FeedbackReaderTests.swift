import Foundation
import Testing
@testable import EvalKit

@Suite("feedback files: every line checked, all or nothing")
struct FeedbackReaderTests {
    static let good = TestFixtures.root.appendingPathComponent("feedback/good.jsonl").path
    static let bad = TestFixtures.root.appendingPathComponent("feedback/bad.jsonl").path

    static func problems(_ path: String, maximumLineBytes: Int = FeedbackReader.maximumLineBytes) -> [String] {
        do {
            _ = try FeedbackReader(path: path, maximumLineBytes: maximumLineBytes).records()
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("a good file: text and chat inputs, thumbs and scaled ratings, times with offsets, blank lines skipped")
    func readsGoodFile() throws {
        let read = try FeedbackReader(path: Self.good).records(importedAt: Date(timeIntervalSince1970: 0))
        #expect(read.map(\.line) == [1, 2, 4, 5])
        let records = read.map(\.record)
        #expect(records.map(\.id) == ["conv-1001", "conv-1002", "conv/1003", "conv-1004"])
        #expect(records.map(\.isDown) == [true, false, true, false])
        #expect(records[0].correction == "Lima" && records[0].promptVersion == "terse" && records[0].model == "gpt-stub")
        #expect(records[1].rating == .score(5, minimum: 1, maximum: 5))
        #expect(records[1].time == FeedbackLine.date("2026-11-30T10:00:00Z"), "+01:00 is an hour ahead of UTC")
        #expect(records[2].rating == .score(2, minimum: 1, maximum: 5) && records[2].user == "u-17")
        #expect(records[2].time == Date(timeIntervalSince1970: 1_796_115_600.25))
        #expect(records[2].input.arrayValue?.count == 2)
        #expect(records[3].time == nil && records[3].user == nil)
        #expect(Set(records.map(\.contentHash)).count == 4)
    }

    @Test("every bad line is reported with file:line and what was expected, and nothing is returned")
    func reportsEveryBadLine() {
        let problems = Self.problems(Self.bad)
        let expected = [
            "\(Self.bad):2: unknown key 'ratng' (did you mean 'rating'?)",
            "\(Self.bad):3:",
            "\(Self.bad):4: \"rating\" 7 is outside its scale 1–5",
            "\(Self.bad):5: \"rating\" must be \"up\", \"down\" or a number, found \"meh\"",
            "\(Self.bad):6: \"time\" must be an ISO 8601 time with a zone",
            "\(Self.bad):7: id \"ok-1\" is already on line 1: an id appears once",
            "\(Self.bad):8: missing \"id\"",
            "\(Self.bad):9: unknown key 'input[0].text'",
            "\(Self.bad):10: a numeric \"rating\" needs \"rating_scale\"",
            "\(Self.bad): nothing was imported",
        ]
        #expect(problems.count == expected.count, "\(problems.joined(separator: "\n"))")
        for (problem, prefix) in zip(problems, expected) {
            #expect(problem.hasPrefix(prefix), "\(problem) should start with \(prefix)")
        }
    }

    @Test("a line over the cap is refused without being kept, and the lines after it are still checked")
    func capsLineLength() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let long = "{\"id\": \"big\", \"input\": \"" + String(repeating: "x", count: 3 << 20) + "\", \"output\": \"y\", \"rating\": \"down\"}"
        try directory.write("big.jsonl", long + "\n{\"id\": 5}\n")
        let problems = Self.problems(directory.path("big.jsonl"), maximumLineBytes: 1 << 20)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.first?.hasSuffix("big.jsonl:1: line is longer than 1 MB, the most a feedback line may hold") == true)
        #expect(problems.dropFirst().first?.contains("big.jsonl:2: \"id\" must be a string") == true)
    }

    @Test("the content hash ignores key order, spacing and null keys, and sees any changed value")
    func contentHash() throws {
        let line = FeedbackLine(file: "f", number: 1)
        func hash(_ text: String) throws -> String {
            try line.record(fromLine: Array(text.utf8), importedAt: Date()).contentHash
        }
        let base = try hash(#"{"id": "a", "input": "x", "output": "y", "rating": "down"}"#)
        #expect(try hash(#"{"rating":"down","output":"y","input":"x","id":"a","user":null}"#) == base)
        #expect(try hash(#"{"id": "a", "input": "x", "output": "y", "rating": "up"}"#) != base)
        #expect(try hash(#"{"id": "a", "input": "x", "output": "y", "rating": "down", "correction": "z"}"#) != base)
    }

    @Test("times: RFC 3339 with Z or an offset, with or without a fraction; no zone, no date")
    func parsesTimes() {
        #expect(FeedbackLine.date("2026-12-01T10:30:00+01:00") == FeedbackLine.date("2026-12-01T09:30:00Z"))
        #expect(FeedbackLine.date("2026-12-01T09:30:00.5Z") == Date(timeIntervalSince1970: 1_796_117_400.5))
        #expect(FeedbackLine.date("2026-12-01T09:30:00") == nil)
        #expect(FeedbackLine.date("2026-02-30T09:30:00Z") == nil)
        #expect(FeedbackLine.date("yesterday") == nil)
    }

    @Test("a number is a down-vote below the scale's midpoint")
    func numericDownRule() {
        #expect(FeedbackRating.score(2, minimum: 1, maximum: 5).isDown)
        #expect(!FeedbackRating.score(3, minimum: 1, maximum: 5).isDown)
        #expect(FeedbackRating.score(5, minimum: 1, maximum: 10).isDown)
        #expect(!FeedbackRating.score(6, minimum: 1, maximum: 10).isDown)
        #expect(FeedbackRating.score(0.4, minimum: 0, maximum: 1).isDown)
    }

    @Test("promoted case ids are stable and safe: fb-<id>, with a hash when the id had to change")
    func caseIDs() {
        #expect(FeedbackPromotion.caseID(for: "conv-1001") == "fb-conv-1001")
        let slashed = FeedbackPromotion.caseID(for: "conv/1003")
        #expect(slashed.hasPrefix("fb-conv-1003-") && slashed.count == "fb-conv-1003-".count + 8)
        #expect(slashed == FeedbackPromotion.caseID(for: "conv/1003"))
        #expect(FeedbackPromotion.caseID(for: "conv 1003") != slashed)
        #expect(FeedbackPromotion.caseID(for: String(repeating: "a", count: 300)).count == 3 + 48 + 1 + 8)
    }
}
