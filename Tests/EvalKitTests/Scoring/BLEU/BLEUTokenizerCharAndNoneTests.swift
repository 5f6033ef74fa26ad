import Testing
@testable import EvalKit

/// Expected outputs are sacreBLEU 2.6.0's `TokenizerChar` and `NoneTokenizer` on the same input.
@Suite("BLEU char and none tokenizers")
struct BLEUTokenizerCharAndNoneTests {
    @Test("char makes every code point a word, including a combining mark")
    func charSplitsCodePoints() {
        #expect(BLEUTokenizer.char.tokenize("中文 字") == "中 文   字")
        #expect(BLEUTokenizer.char.tokenize("e\u{301}") == "e \u{301}")
        // Compared as code points: Swift's String equality would treat "e\u{301}" and "é" as equal.
        #expect(BLEU(tokenizer: .char).words("e\u{301} \u{E9}").map { $0.unicodeScalars.map(\.value) } == [[0x65], [0x301], [0xE9]])
    }

    @Test("char leaves whitespace code points in its output, and BLEU drops them when splitting words")
    func charWhitespace() {
        #expect(BLEUTokenizer.char.tokenize("a b\u{A0}c") == "a   b \u{A0} c")
        #expect(BLEU(tokenizer: .char).words("a b\u{A0}c") == ["a", "b", "c"])
    }

    @Test("none returns the line unchanged, so words are what whitespace separates")
    func noneKeepsTheLine() {
        #expect(BLEUTokenizer.none.tokenize("Hello, world!") == "Hello, world!")
        #expect(BLEU(tokenizer: .none).words(" Hello,\u{3000}world! ") == ["Hello,", "world!"])
    }
}
