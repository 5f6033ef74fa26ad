/// The Python `str` operations that sacreBLEU's preprocessing and OpenAI Evals' answer matching are built from,
/// reproduced on Unicode scalars.
///
/// Python works on code points: Swift's `String` compares grapheme clusters under canonical equivalence
/// (`"é" == "e\u{301}"`) and treats `"\r\n"` as one `Character`, either of which would change token counts and
/// matches. So such text is handled as `[Unicode.Scalar]`, with Python's definitions of whitespace, of `\w` and of
/// `str.lower()`.
enum PythonText {
    /// `str.isspace()`: the code points `str.split()` and `str.rstrip()` treat as whitespace.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }

    /// `\w` in a `re` pattern over `str`: `str.isalnum()` (letters, digits and other numbers) or `_`. Combining
    /// marks are not word characters, so `\b` falls between `e` and U+0301.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// `str.rstrip()` with no argument.
    static func rstrip(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var end = text.endIndex
        while end > text.startIndex, isWhitespace(text[end - 1]) { end -= 1 }
        return Array(text[..<end])
    }

    /// `str.split()` with no argument: runs of whitespace separate words, and no word is empty.
    static func split(_ text: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var words: [ArraySlice<Unicode.Scalar>] = []
        var start: Int?
        for index in text.indices {
            if isWhitespace(text[index]) {
                if let wordStart = start { words.append(text[wordStart..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let wordStart = start { words.append(text[wordStart...]) }
        return words
    }

    /// `' '.join(text.split())`: whitespace collapsed to single spaces, none at either end.
    static func normalizeSpaces(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        for word in split(text) {
            if !result.isEmpty { result.append(" ") }
            result.append(contentsOf: word)
        }
        return result
    }

    /// `str.replace(old, new)`: every non-overlapping occurrence, scanning from the left.
    static func replace(_ old: [Unicode.Scalar], with new: [Unicode.Scalar], in text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // Most lines contain no occurrence: return them without copying.
        guard var index = firstOccurrence(of: old, in: text, from: 0) else { return text }
        var result = Array(text[..<index])
        result.reserveCapacity(text.count)
        while true {
            result.append(contentsOf: new)
            let resume = index + old.count
            guard let next = firstOccurrence(of: old, in: text, from: resume) else {
                result.append(contentsOf: text[resume...])
                return result
            }
            result.append(contentsOf: text[resume..<next])
            index = next
        }
    }

    private static func firstOccurrence(of pattern: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int) -> Int? {
        guard !pattern.isEmpty, text.count >= pattern.count else { return nil }
        var index = start
        while index <= text.count - pattern.count {
            var length = 0
            while length < pattern.count, text[index + length] == pattern[length] { length += 1 }
            if length == pattern.count { return index }
            index += 1
        }
        return nil
    }

    /// `needle in haystack`: whether the code points of `needle` occur in `haystack` (Swift's `contains` compares
    /// grapheme clusters, so `"e\u{301}"` would not contain `"e"`). Comparing UTF-8 bytes is the same, since no
    /// scalar's encoding starts inside another's; Knuth–Morris–Pratt keeps it linear in both lengths, where a
    /// naive search of an output built to almost match everywhere takes minutes.
    static func contains(_ needle: String, in haystack: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        // fallback[i]: the length of the longest proper prefix of pattern[...i] that is also its suffix.
        var fallback = [Int](repeating: 0, count: pattern.count)
        var matched = 0
        for index in pattern.indices.dropFirst() {
            while matched > 0, pattern[index] != pattern[matched] { matched = fallback[matched - 1] }
            if pattern[index] == pattern[matched] { matched += 1 }
            fallback[index] = matched
        }
        matched = 0
        for byte in haystack.utf8 {
            while matched > 0, byte != pattern[matched] { matched = fallback[matched - 1] }
            if byte == pattern[matched] { matched += 1 }
            if matched == pattern.count { return true }
        }
        return false
    }

    /// `str.lower()` on a `String`.
    static func lowercased(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: lowercased(Array(text.unicodeScalars)))
        return result
    }

    /// `str.lower()`: full lowercase mappings (`İ` becomes `i̇`), and `Σ` becomes `ς` at the end of a word.
    static func lowercased(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        for index in text.indices {
            let scalar = text[index]
            if scalar.value < 0x80 {
                result.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 0x20)! : scalar)
            } else if scalar == "\u{03A3}" {
                result.append(isFinalSigma(at: index, in: text) ? "\u{03C2}" : "\u{03C3}")
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return result
    }

    /// CPython's `handle_capital_sigma`: a cased letter comes before (skipping case-ignorables) and none after.
    private static func isFinalSigma(at index: Int, in text: [Unicode.Scalar]) -> Bool {
        var before = index - 1
        while before >= 0, text[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, text[before].properties.isCased else { return false }
        var after = index + 1
        while after < text.count, text[after].properties.isCaseIgnorable { after += 1 }
        return after == text.count || !text[after].properties.isCased
    }
}
