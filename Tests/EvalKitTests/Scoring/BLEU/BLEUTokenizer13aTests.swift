import Testing
@testable import EvalKit

/// Expected outputs are sacreBLEU 2.6.0's `Tokenizer13a` on the same input.
@Suite("BLEU 13a tokenizer")
struct BLEUTokenizer13aTests {
    private func tokenize(_ line: String) -> String { BLEUTokenizer.thirteenA.tokenize(line) }

    @Test("ASCII punctuation and symbols become words of their own")
    func punctuation() {
        #expect(tokenize("Hello, world!") == "Hello , world !")
        #expect(tokenize("(a)[b]{c}") == "( a ) [ b ] { c }")
        #expect(tokenize("a/b\\c") == "a / b \\ c")
        #expect(tokenize("a~b^c|d") == "a ~ b ^ c | d")
        #expect(tokenize("q:1:2") == "q : 1 : 2")
    }

    @Test("apostrophes and hyphens inside words stay, a hyphen after a digit splits")
    func apostrophesAndHyphens() {
        #expect(tokenize("Mr. Smith's e-mail") == "Mr . Smith's e-mail")
        #expect(tokenize("don't") == "don't")
        #expect(tokenize("3-4 years, -5 degrees") == "3 - 4 years , -5 degrees")
        #expect(tokenize("2-3-4") == "2 - 3 - 4")
    }

    @Test("a period or comma between digits stays inside the number")
    func numbers() {
        #expect(tokenize("It costs $3.50, or 1,000.") == "It costs $ 3.50 , or 1,000 .")
        #expect(tokenize("1.5.") == "1.5 .")
        #expect(tokenize("1.") == "1 .")
        #expect(tokenize(".5") == ". 5")
        #expect(tokenize("a,b,1,2") == "a , b , 1,2")
    }

    @Test("consecutive periods each become a word, as the non-overlapping regex rules give")
    func repeatedPeriods() {
        #expect(tokenize("a..b") == "a . . b")
        #expect(tokenize("a.. b") == "a . . b")
    }

    @Test("<skipped> markers vanish, a hyphen before a line break joins the word, other breaks are spaces")
    func skippedAndLineBreaks() {
        #expect(tokenize("line<skipped> end") == "line end")
        #expect(tokenize("break-\nline") == "breakline")
        #expect(tokenize("x -\ny") == "x y")
        #expect(tokenize("x\r\ny") == "x y")
    }

    @Test("the four HTML entities mteval knows are unescaped once, an unterminated one is not")
    func entities() {
        #expect(tokenize("AT&amp;T &quot;q&quot; &lt;b&gt; &amp;lt;") == "AT & T \" q \" < b > <")
        #expect(tokenize("&quot") == "& quot")
    }

    @Test("non-ASCII letters and punctuation are left alone; any Python whitespace separates words")
    func unicode() {
        #expect(tokenize("é, ü.") == "é , ü .")
        #expect(tokenize("«Bonjour»…") == "«Bonjour»…")
        #expect(tokenize("\tspaced   out\u{A0}nbsp\u{3000}ideo ") == "spaced out nbsp ideo")
        #expect(tokenize("zero\u{200B}width") == "zero\u{200B}width")
    }

    @Test("an empty or all-space line has no words")
    func empty() {
        #expect(tokenize("") == "")
        #expect(tokenize(" \t ") == "")
    }
}
