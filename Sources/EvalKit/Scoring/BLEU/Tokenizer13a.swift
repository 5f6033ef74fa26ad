/// sacreBLEU's default `13a` tokenizer: mteval-v13a.pl's rules, the ones WMT reports BLEU with.
///
/// It drops `<skipped>` markers, joins words hyphenated across a line break, unescapes four HTML entities,
/// splits off ASCII punctuation and symbols, and keeps `.` `,` inside numbers (`3.14`, `1,000`) together.
enum Tokenizer13a {
    private static let skipped = Array("<skipped>".unicodeScalars)
    /// In mteval's order: `&amp;lt;` becomes `&lt;`, not `<`.
    private static let escapedEntities = ["&quot;", "&amp;", "&lt;", "&gt;"].map { Array($0.unicodeScalars) }
    private static let unescapedEntities: [[Unicode.Scalar]] = [["\""], ["&"], ["<"], [">"]]

    static func tokenize(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        PythonText.normalizeSpaces(tokenizeUnnormalized(line))
    }

    /// Every rule but the last (`' '.join(text.split())`), for callers that split the result on whitespace anyway.
    static func tokenizeUnnormalized(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = PythonText.replace(skipped, with: [], in: line)
        text = PythonText.replace(["-", "\n"], with: [], in: text)
        text = PythonText.replace(["\n"], with: [" "], in: text)
        if text.contains("&") {
            for index in escapedEntities.indices {
                text = PythonText.replace(escapedEntities[index], with: unescapedEntities[index], in: text)
            }
        }
        // mteval pads the line so the period and comma rules also see its first and last characters.
        text = [" "] + text + [" "]
        text = ScalarRewrite.padEach(in: text, where: isSeparatedSymbol)
        text = ScalarRewrite.splitPairs(in: text, first: { !isDigit($0) }, second: isPeriodOrComma, template: .spaceBetweenAndAfter)
        text = ScalarRewrite.splitPairs(in: text, first: isPeriodOrComma, second: { !isDigit($0) }, template: .spaceBeforeAndBetween)
        return ScalarRewrite.splitPairs(in: text, first: isDigit, second: { $0 == "-" }, template: .spaceBetweenAndAfter)
    }

    /// `[\{-\~\[-\` -\&\(-\+\:-\@\/]`: ASCII punctuation and symbols except `'`, `,`, `-`, `.`.
    private static func isSeparatedSymbol(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: true
        default: false
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    private static func isPeriodOrComma(_ scalar: Unicode.Scalar) -> Bool { scalar == "." || scalar == "," }
}
