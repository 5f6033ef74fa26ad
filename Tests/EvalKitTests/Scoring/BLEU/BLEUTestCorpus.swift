/// A reproducible corpus of hypotheses and references that exercises every tokenizer rule: several scripts
/// (Latin with accents and combining marks, Greek with final sigma, Cyrillic, CJK, Arabic), punctuation glued to
/// words, numbers with decimal points and thousands commas, HTML entities, `<skipped>`, symbols and emoji,
/// odd whitespace, empty segments, and references that share only part of the hypothesis.
struct BLEUTestCorpus {
    let hypotheses: [String]
    /// `references[stream][segment]`.
    let references: [[String]]

    private static let words = [
        "the", "The", "cat", "sat", "on", "mat", "a", "A", "dog", "runs", "fast", "Hello", "world", "don't", "it's",
        "e-mail", "U.S.", "Mr.", "state-of-the-art", "x", "I", "you", "THE", "Cat", "was", "is", "not",
        "café", "naïve", "Über", "straße", "ÉCOLE", "niño", "Ærø", "İstanbul", "crème", "e\u{301}te", "Å",
        "ΟΔΟΣ", "Σοφία", "ΣΑΣ", "ΑΣ.", "σ", "Москва", "ПРИВЕТ", "мир", "中文", "日本語", "東京", "价格是100元",
        "こんにちは", "한국어", "的", "了", "مرحبا", "עברית", "हिन्दी", "ǅemal", "ẞ", "ﬁne",
    ]
    private static let numbers = [
        "3.14", "1,000", "1,000,000.5", "-5", "2-3", "12:30", "2024", "0.5", ".5", "5.", "½", "x²", "Ⅻ", "٣", "10%", "$3.50",
    ]
    private static let marks = [
        ".", ",", "!", "?", ";", ":", "'", "\"", "(", ")", "[", "]", "{", "}", "-", "–", "—", "…", "«", "»", "¿", "¡",
        "、", "。", "「", "」", "/", "\\", "&", "&amp;", "&quot;", "&lt;", "&gt;", "&amp", "<skipped>", "$", "€", "£",
        "+", "=", "<", ">", "%", "#", "@", "~", "^", "|", "`", "😀", "©", "°", "·", "_", "*",
    ]
    private static let separators = [" ", " ", " ", " ", " ", " ", "  ", "\t", "\u{A0}", "\u{3000}", "\u{2009}", "", "\u{85}", "\u{1C}", "\r", "\u{200B}"]

    /// `segments` segments with `referenceCount` references each, sentences of up to `maxWords` words.
    init(segments: Int, referenceCount: Int, maxWords: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var hypotheses: [String] = []
        var references = [[String]](repeating: [], count: referenceCount)
        for _ in 0..<segments {
            let base = Self.sentence(maxWords: maxWords, random: &random)
            let unrelated = random.chance(0.05)
            hypotheses.append(random.chance(0.04) ? "" : Self.render(unrelated ? Self.sentence(maxWords: maxWords, random: &random) : Self.vary(base, random: &random), random: &random))
            for stream in 0..<referenceCount {
                references[stream].append(random.chance(0.03) ? "" : Self.render(Self.vary(base, random: &random), random: &random))
            }
        }
        self.hypotheses = hypotheses
        self.references = references
    }

    /// Every line the corpus writes: hypotheses, then each reference stream.
    var allLines: [String] { hypotheses + references.flatMap { $0 } }

    private static func sentence(maxWords: Int, random: inout SplitMix64) -> [String] {
        (0..<random.below(maxWords + 1)).map { _ in token(random: &random) }
    }

    private static func token(random: inout SplitMix64) -> String {
        switch random.below(10) {
        case 0...5:
            var word = words[random.below(words.count)]
            if random.chance(0.3) { word += marks[random.below(marks.count)] }
            if random.chance(0.1) { word = marks[random.below(marks.count)] + word }
            return word
        case 6, 7:
            return numbers[random.below(numbers.count)] + (random.chance(0.3) ? marks[random.below(12)] : "")
        default:
            return marks[random.below(marks.count)]
        }
    }

    /// A paraphrase: some words dropped, replaced, re-cased or swapped with their neighbour.
    private static func vary(_ sentence: [String], random: inout SplitMix64) -> [String] {
        var result: [String] = []
        for word in sentence {
            switch random.below(20) {
            case 0, 1: continue
            case 2, 3: result.append(token(random: &random))
            case 4: result.append(word.uppercased())
            case 5: result.append(word.lowercased())
            default: result.append(word)
            }
        }
        if result.count > 1, random.chance(0.3) {
            let index = random.below(result.count - 1)
            result.swapAt(index, index + 1)
        }
        return result
    }

    private static func render(_ words: [String], random: inout SplitMix64) -> String {
        var line = random.chance(0.05) ? " " : ""
        for (index, word) in words.enumerated() {
            if index > 0 { line += separators[random.below(separators.count)] }
            line += word
        }
        if random.chance(0.05) { line += ["  ", "\t", "\u{A0}", "-", "\r"][random.below(5)] }
        return line
    }
}

/// A small seeded random number generator (SplitMix64), so a failing corpus can be regenerated exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
}
