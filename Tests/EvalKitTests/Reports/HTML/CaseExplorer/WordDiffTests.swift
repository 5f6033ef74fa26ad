import Testing
@testable import EvalKit

@Suite("Word diff")
struct WordDiffTests {
    static func sides(_ diff: WordDiff) -> (old: String, new: String) {
        (diff.segments.filter { $0.kind != .inserted }.map(\.text).joined(), diff.segments.filter { $0.kind != .deleted }.map(\.text).joined())
    }

    @Test("a replaced word is one deletion and one insertion between unchanged text")
    func replacedWord() throws {
        let diff = try #require(WordDiff(from: "The capital is Paris.", to: "The capital is Lyon."))
        #expect(diff.segments == [.init(kind: .same, text: "The capital is "), .init(kind: .deleted, text: "Paris"),
                                  .init(kind: .inserted, text: "Lyon"), .init(kind: .same, text: ".")])
    }

    @Test("identical, empty and one-sided texts")
    func edges() throws {
        #expect(try #require(WordDiff(from: "same text", to: "same text")).segments == [.init(kind: .same, text: "same text")])
        #expect(try #require(WordDiff(from: "", to: "")).segments.isEmpty)
        #expect(try #require(WordDiff(from: "", to: "new words")).segments == [.init(kind: .inserted, text: "new words")])
        #expect(try #require(WordDiff(from: "old", to: "")).segments == [.init(kind: .deleted, text: "old")])
    }

    @Test("both texts can be read back from the diff, whatever the edits", arguments: [
        ("a b c d e f", "a x c d y f z"), ("one two three", "three two one"), ("x", "y"), ("héllo, wörld!", "hello, world!"),
        ("line one\nline two\n", "line one\nline 2\nline three\n"), ("🙂 emoji 👍🏽 text", "emoji 👍🏽 more text 🙂"),
    ])
    func roundTrip(old: String, new: String) throws {
        let diff = try #require(WordDiff(from: old, to: new))
        let sides = Self.sides(diff)
        #expect(sides.old == old)
        #expect(sides.new == new)
        #expect(!zip(diff.segments, diff.segments.dropFirst()).contains { $0.kind == $1.kind }, "adjacent segments differ in kind")
    }

    @Test("words, whitespace and punctuation are tokens of their own")
    func tokens() {
        #expect(WordDiff.tokens("Hi,  there! x_1") == ["Hi", ",", "  ", "there", "!", " ", "x_1"])
    }

    @Test("past the caps there is no diff: too many tokens, or too many edits")
    func caps() {
        let long = Array(repeating: "w", count: 5_000).joined(separator: " ")
        #expect(WordDiff(from: long, to: long + " end") == nil, "9,999 tokens is over the 8,000-token cap")
        let a = (0..<300).map { "a\($0)" }.joined(separator: " "), b = (0..<300).map { "b\($0)" }.joined(separator: " ")
        #expect(WordDiff(from: a, to: b) == nil, "300 words replaced is 600 edits")
        #expect(WordDiff(from: a, to: b, maxEdits: 1_000) != nil)
        #expect(WordDiff(from: long, to: long + " end", maxTokens: 10_001) != nil, "a long common start costs nothing")
    }
}
