/// One segment as chrF reads it, after sacreBLEU's preprocessing (`lower()` when lowercasing): its characters (every
/// whitespace code point removed, unless whitespace counts) and, for chrF++, its words with punctuation split off.
struct ChrFSegment {
    let characters: [UInt32]
    let words: [ArraySlice<Unicode.Scalar>]

    init(_ text: String, chrF: ChrF) {
        var scalars = Array(text.unicodeScalars)
        if chrF.lowercase { scalars = PythonText.lowercased(scalars) }
        // sacreBLEU's `''.join(line.split())`, or the line as it is.
        characters = scalars.compactMap { chrF.whitespace || !PythonText.isWhitespace($0) ? $0.value : nil }
        words = chrF.wordOrder > 0 ? Self.separatingPunctuation(scalars) : []
    }

    /// sacreBLEU's `_remove_punctuation`: each whitespace-separated word longer than one character loses one ASCII
    /// punctuation mark at its end, or else at its start, as a word of its own (`(hi)` becomes `(hi` and `)`).
    static func separatingPunctuation(_ scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var words: [ArraySlice<Unicode.Scalar>] = []
        for word in PythonText.split(scalars) {
            if word.count == 1 {
                words.append(word)
            } else if isPunctuation(word.last!) {
                words.append(word.dropLast())
                words.append(word.suffix(1))
            } else if isPunctuation(word.first!) {
                words.append(word.prefix(1))
                words.append(word.dropFirst())
            } else {
                words.append(word)
            }
        }
        return words
    }

    /// Python's `string.punctuation`: the ASCII punctuation and symbol characters.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }

    /// This segment as the reference for `hypothesis`: sacreBLEU's `_get_match_statistics` for every character order,
    /// then every word order.
    func statistics(of hypothesis: ChrFSegment, charOrder: Int, wordOrder: Int) -> ChrFStatistics {
        var statistics = ReferenceNGrams(characters, maxOrder: charOrder).statistics(of: hypothesis.characters)
        if wordOrder > 0 {
            var vocabulary: [ArraySlice<Unicode.Scalar>: UInt32] = [:]
            let referenceWords = words.map { word in
                if let id = vocabulary[word] { return id }
                let id = UInt32(vocabulary.count)
                vocabulary[word] = id
                return id
            }
            // A word the reference does not have can match nothing: it gets an id no reference word has.
            let hypothesisWords = hypothesis.words.map { vocabulary[$0] ?? UInt32.max }
            statistics.append(ReferenceNGrams(referenceWords, maxOrder: wordOrder).statistics(of: hypothesisWords))
        }
        return statistics
    }
}
