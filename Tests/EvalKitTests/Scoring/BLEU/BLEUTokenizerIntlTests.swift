import Testing
@testable import EvalKit

/// Expected outputs are sacreBLEU 2.6.0's `TokenizerV14International` on the same input.
@Suite("BLEU intl tokenizer")
struct BLEUTokenizerIntlTests {
    private func tokenize(_ line: String) -> String { BLEUTokenizer.intl.tokenize(line) }

    @Test("Unicode punctuation splits off unless it sits between digits")
    func punctuation() {
        #expect(tokenize("Hello, world!") == "Hello , world !")
        #expect(tokenize("«Bonjour», dit-il…") == "« Bonjour » , dit - il …")
        #expect(tokenize("¿Qué? ¡Sí!") == "¿ Qué ? ¡ Sí !")
        #expect(tokenize("don't") == "don ' t")
        #expect(tokenize("—dash—") == "— dash —")
        #expect(tokenize("价格是100元。") == "价格是100元 。")
    }

    @Test("decimal points, thousands commas and times stay inside numbers")
    func numbers() {
        #expect(tokenize("3.14 and 1,000") == "3.14 and 1,000")
        #expect(tokenize("12:30") == "12:30")
        #expect(tokenize("a.1") == "a . 1")
        #expect(tokenize("1.a") == "1 . a")
    }

    @Test("a number keeps a period that ends the line, as mteval-v14 does")
    func finalPeriodAfterNumber() {
        #expect(tokenize("The year 2024.") == "The year 2024.")
        #expect(tokenize("2024. Next") == "2024 . Next")
        #expect(tokenize("Ⅻ.") == "Ⅻ.")
    }

    @Test("symbols of every kind are words of their own, and other numbers count as digits")
    func symbols() {
        #expect(tokenize("a$b€c") == "a $ b € c")
        #expect(tokenize("emoji😀ok") == "emoji 😀 ok")
        #expect(tokenize("x²+y²") == "x² + y²")
        #expect(tokenize("~`^") == "~ ` ^")
        #expect(tokenize("½,x") == "½ , x")
    }
}
