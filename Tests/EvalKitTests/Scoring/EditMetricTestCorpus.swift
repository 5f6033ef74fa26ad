/// A reproducible corpus for the chrF and TER differential tests: hypotheses that are paraphrases of their references
/// (words dropped, replaced, re-cased, and blocks of words moved, which TER counts as shifts), in many scripts, with
/// punctuation glued to words, XML entities, possessives, numbers, CJK and full-width punctuation, every kind of
/// whitespace (newlines inside a segment too), empty and whitespace-only segments, and 1–3 references.
struct EditMetricTestCorpus {
    enum Shape: Sendable {
        /// Sentences of up to `maxWords` words from the whole vocabulary.
        case mixed(maxWords: Int)
        /// Long sentences from a handful of words, so TER tries many shifts and reaches its cap of 1,000 candidates;
        /// every tenth segment has a hypothesis of 1–3 words and references of 100–250 (a length ratio over 50, which
        /// widens the edit distance's beam), and every tenth another the other way round.
        case repetitive(minWords: Int, maxWords: Int)
    }

    let hypotheses: [String]
    /// `references[stream][segment]`; nil where a segment has fewer references (sacreBLEU's placeholder).
    let references: [[String?]]

    private static let words = [
        "the", "The", "THE", "cat", "sat", "on", "mat", "a", "A", "I", "dog", "dog's", "it's", "'s", "don't", "U.S.",
        "e.g.", "Mr.", "state-of-the-art", "(hi)", "[note]", "x", "café", "naïve", "Über", "straße", "ÉCOLE", "İstanbul",
        "e\u{301}te", "ǅemal", "ẞ", "ﬁne", "ΟΔΟΣ", "Σοφία", "ΣΑΣ", "σ", "Москва", "мир", "中文", "日本語", "東京", "的",
        "こんにちは", "ひらがな", "カタカナ", "ㇰㇱ", "한국어", "㐀㐁", "㇀", "⺀⺁", "㌀", "豈", "︰", "㈠", "ｶﾀｶﾅ", "مرحبا",
        "עברית", "हिन्दी", "😀", "👩‍👩‍👧",
    ]
    private static let numbers = ["3.14", "1,000", "1,000,000.5", "-5", "5-3", "2-", "12:30", "2024", ".5", "5.", "½", "x²", "٣", "10%", "$3.50"]
    private static let marks = [
        ".", ",", "!", "?", ";", ":", "'", "\"", "(", ")", "[", "]", "{", "}", "-", "--", "...", "–", "—", "…", "«", "»",
        "/", "\\", "&", "&amp;", "&quot;", "&lt;", "&gt;", "&amp;quot;", "&lt;b&gt;", "$", "€", "+", "=", "<", ">", "%",
        "#", "@", "~", "^", "|", "`", "_", "*", "、", "。", "〈", "〉", "【", "】", "〔", "〕", "・", "｡", "｣",
        "．", "，", "？", "：", "；", "！", "＂", "（", "）",
    ]
    private static let separators = [
        " ", " ", " ", " ", " ", " ", " ", " ", "  ", "\t", "\n", "\n-", "\r", "\r\n", "\u{A0}", "\u{3000}", "\u{2009}",
        "\u{85}", "\u{1C}", "", "\u{200B}",
    ]
    private static let repetitiveWords = ["a", "b", "c", "a", "b", "d", "e", "the", "cat"]

    /// `segments` segments with `referenceCount` references each; with `variableReferences`, some segments lack
    /// some references (never all of them).
    init(segments: Int, referenceCount: Int, shape: Shape, seed: UInt64, variableReferences: Bool = false) {
        var random = SplitMix64(seed: seed)
        var hypotheses: [String] = []
        var references = [[String?]](repeating: [], count: referenceCount)
        for segment in 0..<segments {
            let base = Self.sentence(shape, random: &random)
            // Lengths far apart: one side 1–3 words, the other 100–250 (a negative padding shortens).
            var (hypothesisPadding, referencePadding) = (0, 0)
            if case .repetitive = shape {
                if segment % 10 == 3 { (hypothesisPadding, referencePadding) = (-1, 100 + random.below(151)) }
                if segment % 10 == 7 { (hypothesisPadding, referencePadding) = (100 + random.below(151), -1) }
            }
            hypotheses.append(random.chance(0.04) ? Self.emptyish(random: &random)
                : Self.render(Self.vary(base, shape, padding: hypothesisPadding, random: &random), random: &random))
            let kept = variableReferences ? 1 + random.below(referenceCount) : referenceCount
            for stream in 0..<referenceCount {
                guard stream < kept else {
                    references[stream].append(nil)
                    continue
                }
                let reference = random.chance(0.03) ? Self.emptyish(random: &random)
                    : Self.render(Self.vary(base, shape, padding: referencePadding, random: &random), random: &random)
                references[stream].append(reference)
            }
        }
        self.hypotheses = hypotheses
        self.references = references
    }

    /// Each segment's references, without the placeholders.
    var referencesBySegment: [[String]] {
        hypotheses.indices.map { segment in references.compactMap { $0[segment] } }
    }

    private static func emptyish(random: inout SplitMix64) -> String {
        ["", "", " ", "\t", "\n", " \u{3000} "][random.below(6)]
    }

    private static func sentence(_ shape: Shape, random: inout SplitMix64) -> [String] {
        switch shape {
        case .mixed(let maxWords):
            return (0..<random.below(maxWords + 1)).map { _ in token(random: &random) }
        case .repetitive(let minWords, let maxWords):
            return (0..<(minWords + random.below(maxWords - minWords + 1))).map { _ in repetitiveWords[random.below(repetitiveWords.count)] }
        }
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

    /// A paraphrase: words dropped, replaced or re-cased, and a block of words moved elsewhere (a TER shift). A
    /// positive `padding` keeps the first 1–3 words and adds that many; a negative one keeps only the first 1–3.
    private static func vary(_ sentence: [String], _ shape: Shape, padding: Int = 0, random: inout SplitMix64) -> [String] {
        let sentence = padding != 0 ? Array(sentence.prefix(1 + random.below(3))) : sentence
        var result: [String] = []
        let replacementRate: Int
        if case .repetitive = shape { replacementRate = 8 } else { replacementRate = 20 }
        for word in sentence {
            switch random.below(replacementRate) {
            case 0: continue
            case 1:
                if case .repetitive = shape {
                    result.append(repetitiveWords[random.below(repetitiveWords.count)])
                } else {
                    result.append(token(random: &random))
                }
            case 2: result.append(random.chance(0.5) ? word.uppercased() : word.lowercased())
            default: result.append(word)
            }
        }
        result += (0..<max(0, padding)).map { _ in repetitiveWords[random.below(repetitiveWords.count)] }
        for _ in 0..<random.below(3) where result.count > 2 {
            let length = 1 + random.below(min(6, result.count - 1))
            let start = random.below(result.count - length + 1)
            let block = Array(result[start..<(start + length)])
            result.removeSubrange(start..<(start + length))
            result.insert(contentsOf: block, at: random.below(result.count + 1))
        }
        return result
    }

    private static func render(_ words: [String], random: inout SplitMix64) -> String {
        var line = random.chance(0.05) ? [" ", "\n", "\t"][random.below(3)] : ""
        for (index, word) in words.enumerated() {
            if index > 0 { line += separators[random.below(separators.count)] }
            line += word
        }
        if random.chance(0.05) { line += ["  ", "\t", "\u{A0}", "-", "\r", "\n", "'s"][random.below(7)] }
        return line
    }
}
