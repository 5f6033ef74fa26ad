/// sacreBLEU's `TercomTokenizer` (Tercom's `Normalizer.java`): how TER turns a segment into words.
///
/// By default it only lowercases and splits on whitespace; `normalized` tokenizes punctuation as Tercom does,
/// `noPunct` removes it, and `asianSupport` extends both to CJK characters and punctuation.
///
/// ```swift
/// TercomTokenizer(normalized: true).words("Hello, world's end.")   // ["hello", ",", "world", "'s", "end", "."]
/// ```
public struct TercomTokenizer: Sendable, Hashable {
    public let normalized: Bool
    public let noPunct: Bool
    public let asianSupport: Bool
    public let caseSensitive: Bool

    public init(normalized: Bool = false, noPunct: Bool = false, asianSupport: Bool = false, caseSensitive: Bool = false) {
        self.normalized = normalized
        self.noPunct = noPunct
        self.asianSupport = asianSupport
        self.caseSensitive = caseSensitive
    }

    /// The words of `text` as sacreBLEU's TER counts them: `tokenizer(text.rstrip()).split()`.
    public func words(_ text: String) -> [String] {
        PythonText.split(tokenize(PythonText.rstrip(Array(text.unicodeScalars)))).map { word in
            var string = ""
            string.unicodeScalars.append(contentsOf: word)
            return string
        }
    }

    /// `TercomTokenizer.__call__`: the words joined by single spaces.
    func tokenize(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = caseSensitive ? text : PythonText.lowercased(text)
        if normalized {
            text = Self.normalizeGeneralAndWestern(text)
            if asianSupport { text = Self.spacedOut(text, where: Self.isAsianNormalized) }
        }
        if noPunct {
            text.removeAll { Self.isPunctuation($0) || (asianSupport && Self.isAsianPunctuation($0)) }
        }
        return PythonText.normalizeSpaces(text)
    }

    /// `_normalize_general_and_western`: its regular expressions in order, each over the previous one's result.
    static func normalizeGeneralAndWestern(_ input: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = PythonText.replace(["\n", "-"], with: [], in: input)
        text = PythonText.replace(["\n"], with: [" "], in: text)
        for (entity, character) in [("&quot;", "\""), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")] as [(String, Unicode.Scalar)] {
            text = PythonText.replace(Array(entity.unicodeScalars), with: [character], in: text)
        }
        text = [" "] + text + [" "]
        text = spacedOut(text, where: isWesternPunctuation)
        text = PythonText.replace(["'", "s", " "], with: [" ", "'", "s", " "], in: text)
        // `'s$` → ` 's` never matches: the text ends with the space added above.
        text = pairs(text, first: { !isDigit($0) }, second: isPeriodOrComma) { [$0, " ", $1, " "] }
        text = pairs(text, first: isPeriodOrComma, second: { !isDigit($0) }) { [" ", $0, " ", $1] }
        text = pairs(text, first: isDigit, second: { $0 == "-" }) { [$0, " ", $1, " "] }
        return text
    }

    /// `re.sub(r"([…])", r" \1 ", text)`: every code point of the class with a space on each side.
    static func spacedOut(_ text: [Unicode.Scalar], where isInClass: (Unicode.Scalar) -> Bool) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        for scalar in text {
            if isInClass(scalar) {
                result += [" ", scalar, " "]
            } else {
                result.append(scalar)
            }
        }
        return result
    }

    /// `re.sub(r"(A)(B)", replacement, text)` for two one-code-point classes: matches found left to right, never
    /// overlapping (a match resumes the search after its second code point).
    static func pairs(_ text: [Unicode.Scalar], first: (Unicode.Scalar) -> Bool, second: (Unicode.Scalar) -> Bool,
                      replacement: (Unicode.Scalar, Unicode.Scalar) -> [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count + text.count / 4)
        var index = 0
        while index < text.count {
            if index + 1 < text.count, first(text[index]), second(text[index + 1]) {
                result += replacement(text[index], text[index + 1])
                index += 2
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isPeriodOrComma(_ scalar: Unicode.Scalar) -> Bool { scalar == "." || scalar == "," }

    /// `[{-~[-\` -&(-+:-@/]`: ASCII punctuation except `'`, `,`, `-` and `.`, and the space.
    static func isWesternPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: true
        default: false
        }
    }

    /// `_remove_punct`'s class `[\.,\?:;!\"\(\)]`.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", ",", "?", ":", ";", "!", "\"", "(", ")": true
        default: false
        }
    }

    /// `ASIAN_PUNCT` and `FULL_WIDTH_PUNCT`.
    static func isAsianPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3001, 0x3002, 0x3008...0x3011, 0x3014...0x301F, 0xFF61...0xFF65, 0x30FB: true
        case 0xFF0E, 0xFF0C, 0xFF1F, 0xFF1A, 0xFF1B, 0xFF01, 0xFF02, 0xFF08, 0xFF09: true
        default: false
        }
    }

    /// What `_normalize_asian` spaces out: CJK ideographs, strokes, radicals, compatibility characters, enclosed
    /// letters (its `\u3200-\u3f22`) and Asian punctuation. Its three kana expressions never match: they are anchored
    /// at the start of the text, which is always the space the Western normalization adds first.
    static func isAsianNormalized(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x31C0...0x31EF, 0x2E80...0x2EFF, 0x3300...0x33FF, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0x3200...0x3F22:
            true
        default:
            isAsianPunctuation(scalar)
        }
    }
}
