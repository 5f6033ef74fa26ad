/// sacreBLEU's `intl` tokenizer (mteval-v14.pl's international rules) for text that is not only Latin script.
///
/// Splits off every Unicode punctuation mark unless it sits between digits (`3.14`, `1,000`, `12:30`) and
/// every Unicode symbol (`$`, `€`, `+`, emoji). Like mteval-v14, a sentence-final `2024.` keeps its period.
enum TokenizerIntl {
    static func tokenize(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = ScalarRewrite.splitPairs(in: line, first: { !isNumber($0) }, second: isPunctuation, template: .spaceBetweenAndAfter)
        text = ScalarRewrite.splitPairs(in: text, first: isPunctuation, second: { !isNumber($0) }, template: .spaceBeforeAndBetween)
        text = ScalarRewrite.padEach(in: text, where: isSymbol)
        return PythonText.normalizeSpaces(text)
    }

    /// `\p{P}`.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return asciiPunctuation.contains(scalar) }
        return switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            true
        default:
            false
        }
    }

    /// `\p{S}`.
    static func isSymbol(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return asciiSymbols.contains(scalar) }
        return switch scalar.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: true
        default: false
        }
    }

    /// `\p{N}`.
    static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    // Looking up a general category is slow next to a set test, and most text is mostly ASCII.
    private static let asciiPunctuation = Set("!\"#%&'()*,-./:;?@[\\]_{}".unicodeScalars)
    private static let asciiSymbols = Set("$+<=>^`|~".unicodeScalars)
}
