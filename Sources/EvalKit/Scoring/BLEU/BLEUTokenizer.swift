/// How BLEU splits text into words before counting n-grams; the raw values are sacreBLEU's `--tokenize` names.
///
/// Use `.thirteenA` (the default, what WMT reports) for detokenized Latin-script output, `.intl` when the text
/// mixes scripts and Unicode punctuation, `.char` for languages written without spaces (Chinese, Japanese),
/// and `.none` only for text that is already tokenized.
///
/// ```swift
/// BLEUTokenizer.thirteenA.tokenize("Hello, world!")  // "Hello , world !"
/// ```
public enum BLEUTokenizer: String, Sendable, Hashable, CaseIterable {
    case thirteenA = "13a"
    case intl
    case char
    case none

    /// The tokenized line exactly as sacreBLEU's tokenizer returns it: `13a` and `intl` separate words with single
    /// spaces; `char` puts a space between every two code points (a space in the input becomes three); `none`
    /// returns the line unchanged. BLEU then splits the result on whitespace.
    public func tokenize(_ line: String) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: tokenize(Array(line.unicodeScalars)))
        return text
    }

    func tokenize(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        switch self {
        case .thirteenA:
            PythonText.normalizeSpaces(Tokenizer13a.tokenizeUnnormalized(line))
        case .intl:
            TokenizerIntl.tokenize(line)
        case .char:
            Self.spaceSeparated(line)
        case .none:
            line
        }
    }

    /// What BLEU splits into words: `tokenize`, except that `13a`'s last step (whitespace collapsed to single spaces)
    /// is left out, since splitting on whitespace gives the same words either way.
    func tokenizeForSplitting(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        switch self {
        case .thirteenA:
            Tokenizer13a.tokenizeUnnormalized(line)
        case .intl:
            TokenizerIntl.tokenize(line)
        case .char:
            Self.spaceSeparated(line)
        case .none:
            line
        }
    }

    /// `" ".join(line)`: every code point becomes a word; whitespace code points vanish when words are split.
    private static func spaceSeparated(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(line.count * 2)
        for scalar in line {
            if !result.isEmpty { result.append(" ") }
            result.append(scalar)
        }
        return result
    }
}
