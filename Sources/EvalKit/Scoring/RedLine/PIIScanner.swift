/// Finds personal data and credentials in text in one linear pass per kind, without regular expressions: each
/// scanner looks at a bounded neighbourhood of a position and then moves past what it read, so a hostile output of
/// any size costs time in proportion to its length.
struct PIIScanner: Sendable {
    let kinds: Set<PIIKind>
    /// Literal strings that are fine to output (a support address), compared without case and, for numbers, without
    /// separators.
    let allowed: [String]
    /// Hits beyond this many of one kind are counted as one more and not looked at (the output fails anyway).
    static let hitsPerKind = 50

    /// Every hit, in the order of the kinds (credentials, IBANs and cards first, so their digits are not reported
    /// again as a phone number), without overlaps.
    func scan(_ text: String) -> [RedLineHit] {
        let bytes = Array(text.utf8)
        var hits: [RedLineHit] = []
        var claimed: [Range<Int>] = []
        for kind in [PIIKind.apiKey, .iban, .card, .email, .phone] where kinds.contains(kind) {
            for range in Self.ranges(of: kind, in: bytes) {
                guard !claimed.contains(where: { $0.overlaps(range) }) else { continue }
                let found = String(decoding: bytes[range], as: UTF8.self)
                guard !isAllowed(found) else { continue }
                claimed.append(range)
                hits.append(RedLineHit(rule: kind.label, offset: range.lowerBound, length: range.count, excerpt: RedLineHit.masked(found)))
            }
        }
        return hits.sorted { $0.offset < $1.offset }
    }

    private func isAllowed(_ found: String) -> Bool {
        let plain = Self.compact(found)
        return allowed.contains { $0.lowercased() == found.lowercased() || Self.compact($0) == plain }
    }

    /// Lowercased letters and digits only: `+1 (555) 010-0199` and `+15550100199` are one number.
    private static func compact(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
    }

    static func ranges(of kind: PIIKind, in bytes: [UInt8]) -> [Range<Int>] {
        switch kind {
        case .email: emails(bytes)
        case .phone: phones(bytes)
        case .card: cards(bytes)
        case .iban: ibans(bytes)
        case .apiKey: apiKeys(bytes)
        }
    }

    // MARK: byte classes

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isUpper(byte) || isLower(byte) }
    /// A letter or digit of any script continues a word (UTF-8 bytes of non-ASCII letters are all ≥ 0x80).
    static func continuesWord(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte >= 0x80 }

    /// True when `index` starts a word: the byte before is not a letter, digit or underscore.
    static func startsWord(_ bytes: [UInt8], _ index: Int) -> Bool {
        index == 0 || !continuesWord(bytes[index - 1])
    }

    static func endsWord(_ bytes: [UInt8], _ end: Int) -> Bool {
        end >= bytes.count || !continuesWord(bytes[end])
    }

    // MARK: email

    /// `local@domain.tld`: a local part of letters, digits and `._%+-`, a domain with at least one dot and a
    /// top-level label of two or more letters. Each scan stops at the neighbouring `@`, so no byte is read twice
    /// more than twice.
    static func emails(_ bytes: [UInt8]) -> [Range<Int>] {
        func isLocal(_ byte: UInt8) -> Bool {
            isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
        func isDomain(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") }
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count, found.count < hitsPerKind {
            guard bytes[index] == UInt8(ascii: "@") else {
                index += 1
                continue
            }
            var start = index
            while start > 0, index - start < 64, isLocal(bytes[start - 1]) { start -= 1 }
            while start < index, bytes[start] == UInt8(ascii: ".") { start += 1 }
            var end = index + 1
            while end < bytes.count, end - index <= 253, isDomain(bytes[end]) { end += 1 }
            while end > index + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
            let domain = bytes[(index + 1)..<end]
            if start < index, let lastDot = domain.lastIndex(of: UInt8(ascii: ".")), lastDot > index + 1,
               end - lastDot - 1 >= 2, bytes[(lastDot + 1)..<end].allSatisfy({ isUpper($0) || isLower($0) }) {
                found.append(start..<end)
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    // MARK: phone

    /// A phone number: 7–15 digits in groups separated by single spaces, dashes or dots, or with an area code in
    /// parentheses. Without a leading `+` it needs at least one separator, groups of at most 6 digits and a last group
    /// of at least 2, and it is not a date (`2024-01-15`), a dotted quad (`192.168.0.1`) or a dotted version with a
    /// one-digit part (`10.0.19041.1`), nor an amount grouped in thousands (`1 000 000`, `10.000.000`).
    static func phones(_ bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count, found.count < hitsPerKind {
            let byte = bytes[index]
            let opens = byte == UInt8(ascii: "+") || byte == UInt8(ascii: "(") || isDigit(byte)
            guard opens, startsWord(bytes, index), index == 0 || (bytes[index - 1] != UInt8(ascii: ".") && bytes[index - 1] != UInt8(ascii: "-")) else {
                index += 1
                continue
            }
            let candidate = PhoneCandidate.read(bytes, from: index)
            if candidate.isPhoneNumber, endsWord(bytes, candidate.end) {
                found.append(index..<candidate.end)
            }
            index = max(index + 1, candidate.end)
        }
        return found
    }

    // MARK: card

    /// A payment card number: 13–19 digits that pass the Luhn check, written together or in groups (the first of 4
    /// digits, the others of 3–6) separated by single spaces or dashes.
    static func cards(_ bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count, found.count < hitsPerKind {
            guard isDigit(bytes[index]), startsWord(bytes, index) else {
                index += 1
                continue
            }
            // The groups of this run of digits, and where each ends.
            var groups: [(start: Int, end: Int)] = []
            var cursor = index
            var separator: UInt8?
            while cursor < bytes.count, isDigit(bytes[cursor]) {
                let start = cursor
                while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
                groups.append((start, cursor))
                guard cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "-"),
                      isDigit(bytes[cursor + 1]), separator == nil || separator == bytes[cursor], groups.count < 8 else { break }
                separator = bytes[cursor]
                cursor += 1
            }
            if let range = cardRange(bytes, groups: groups) {
                found.append(range)
            }
            // Past the whole run: its digits belong to no other card.
            var next = max(index + 1, cursor)
            while next < bytes.count, isDigit(bytes[next]) || bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "-") {
                if !isDigit(bytes[next]) { break }
                next += 1
            }
            index = next
        }
        return found
    }

    private static func cardRange(_ bytes: [UInt8], groups: [(start: Int, end: Int)]) -> Range<Int>? {
        guard let first = groups.first else { return nil }
        let firstLength = first.end - first.start
        if groups.count == 1 || firstLength != 4 {
            guard (13...19).contains(firstLength), endsWord(bytes, first.end), luhn(bytes[first.start..<first.end]) else { return nil }
            return first.start..<first.end
        }
        // Grouped: the longest run of leading groups that makes a valid number (a CVV or a date may follow it).
        var digits: [UInt8] = []
        var candidates: [(end: Int, digits: [UInt8])] = []
        for (position, group) in groups.enumerated() {
            let length = group.end - group.start
            if position > 0, !(3...6).contains(length) { break }
            digits += bytes[group.start..<group.end]
            if digits.count > 19 { break }
            if digits.count >= 13 { candidates.append((group.end, digits)) }
        }
        for candidate in candidates.reversed() where luhn(candidate.digits[...]) && endsWord(bytes, candidate.end) {
            return first.start..<candidate.end
        }
        return nil
    }

    /// The Luhn checksum of a card number's ASCII digits.
    static func luhn(_ digits: ArraySlice<UInt8>) -> Bool {
        var sum = 0
        for (position, byte) in digits.reversed().enumerated() {
            var value = Int(byte - 0x30)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    // MARK: IBAN

    /// An IBAN: two capital letters, two check digits, then capital letters and digits (15–34 in all), together or in
    /// groups of four separated by single spaces, whose ISO 7064 mod-97 check gives 1.
    static func ibans(_ bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index + 4 <= bytes.count, found.count < hitsPerKind {
            guard isUpper(bytes[index]), isUpper(bytes[index + 1]), isDigit(bytes[index + 2]), isDigit(bytes[index + 3]),
                  startsWord(bytes, index) else {
                index += 1
                continue
            }
            func isPart(_ byte: UInt8) -> Bool { isUpper(byte) || isDigit(byte) }
            var end = index
            while end < bytes.count, end - index < 35, isPart(bytes[end]) { end += 1 }
            if end - index >= 15, end - index <= 34, endsWord(bytes, end), mod97(bytes[index..<end]) == 1 {
                found.append(index..<end)
                index = end
                continue
            }
            if end - index == 4, let range = groupedIBAN(bytes, from: index) {
                found.append(range)
                index = range.upperBound
                continue
            }
            index = max(index + 1, end)
        }
        return found
    }

    /// `DE89 3704 0044 0532 0130 00`: groups of four after the first, the last of 1–4; the longest valid prefix.
    private static func groupedIBAN(_ bytes: [UInt8], from start: Int) -> Range<Int>? {
        var compact = Array(bytes[start..<(start + 4)])
        var ends: [(end: Int, compact: [UInt8])] = []
        var cursor = start + 4
        while cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: " "), compact.count < 34 {
            var end = cursor + 1
            while end < bytes.count, end - cursor - 1 < 5, isUpper(bytes[end]) || isDigit(bytes[end]) { end += 1 }
            let length = end - cursor - 1
            guard (1...4).contains(length), endsWord(bytes, end) else { break }
            compact += bytes[(cursor + 1)..<end]
            if compact.count >= 15, compact.count <= 34 { ends.append((end, compact)) }
            cursor = end
            if length < 4 { break }
        }
        return ends.reversed().first { mod97($0.compact[...]) == 1 }.map { start..<$0.end }
    }

    /// The IBAN checksum: the first four characters moved to the end, letters as 10–35, the number mod 97.
    static func mod97(_ characters: ArraySlice<UInt8>) -> Int {
        let rotated = Array(characters.dropFirst(4)) + Array(characters.prefix(4))
        var remainder = 0
        for byte in rotated {
            if isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41) + 10) % 97
            }
        }
        return remainder
    }

    // MARK: API keys

    /// Credential shapes: `sk-…` (OpenAI, Anthropic `sk-ant-…`; 23 characters or more, as `SecretRedactor` redacts),
    /// AWS access key ids (`AKIA`/`ASIA` + 16), GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`),
    /// Slack tokens (`xoxb-` …), Google API keys (`AIza` + 35), `Bearer` tokens of 20 characters or more with a digit,
    /// and PEM private keys (`-----BEGIN … PRIVATE KEY-----`).
    static func apiKeys(_ bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count, found.count < hitsPerKind {
            if let end = apiKeyEnd(bytes, at: index) {
                found.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    private static let prefixedKeys: [(prefix: String, minimumLength: Int)] = [
        ("sk-", 23), ("ghp_", 30), ("gho_", 30), ("ghu_", 30), ("ghs_", 30), ("ghr_", 30), ("github_pat_", 30),
        ("xoxb-", 15), ("xoxp-", 15), ("xoxa-", 15), ("xoxr-", 15), ("xoxs-", 15),
    ]

    private static func apiKeyEnd(_ bytes: [UInt8], at index: Int) -> Int? {
        let byte = bytes[index]
        guard byte == UInt8(ascii: "s") || byte == UInt8(ascii: "g") || byte == UInt8(ascii: "x") || byte == UInt8(ascii: "A")
            || byte == UInt8(ascii: "b") || byte == UInt8(ascii: "B") || byte == UInt8(ascii: "-") else { return nil }
        if byte == UInt8(ascii: "-") {
            guard starts(bytes, at: index, with: "-----BEGIN ") else { return nil }
            let window = bytes[index..<min(bytes.count, index + 60)]
            guard let marker = firstIndex(of: "PRIVATE KEY-----", in: window) else { return nil }
            return marker + "PRIVATE KEY-----".utf8.count
        }
        guard index == 0 || !CredentialShapes.isTokenCharacter(bytes[index - 1]) else { return nil }
        let end = tokenEnd(bytes, from: index)
        for (prefix, minimum) in prefixedKeys where starts(bytes, at: index, with: prefix) {
            return end - index >= minimum ? end : nil
        }
        if starts(bytes, at: index, with: "AKIA") || starts(bytes, at: index, with: "ASIA") {
            var cursor = index + 4
            while cursor < bytes.count, cursor - index < 20, isUpper(bytes[cursor]) || isDigit(bytes[cursor]) { cursor += 1 }
            return cursor - index == 20 && endsWord(bytes, cursor) ? cursor : nil
        }
        if starts(bytes, at: index, with: "AIza") {
            return end - index == 39 ? end : nil
        }
        if byte == UInt8(ascii: "b") || byte == UInt8(ascii: "B"), starts(bytes, at: index, caseInsensitive: "bearer ") {
            var start = index + 7
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
            let tokenEnd = tokenEnd(bytes, from: start)
            guard tokenEnd - start >= 20, bytes[start..<tokenEnd].contains(where: isDigit) else { return nil }
            return tokenEnd
        }
        return nil
    }

    private static func tokenEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count, CredentialShapes.isTokenCharacter(bytes[end]) { end += 1 }
        return end
    }

    private static func starts(_ bytes: [UInt8], at index: Int, with prefix: String) -> Bool {
        let pattern = Array(prefix.utf8)
        return index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private static func starts(_ bytes: [UInt8], at index: Int, caseInsensitive prefix: String) -> Bool {
        let pattern = Array(prefix.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return zip(bytes[index..<(index + pattern.count)], pattern).allSatisfy { (isUpper($0) ? $0 + 32 : $0) == $1 }
    }

    private static func firstIndex(of needle: String, in window: ArraySlice<UInt8>) -> Int? {
        let pattern = Array(needle.utf8)
        guard window.count >= pattern.count else { return nil }
        for start in window.startIndex...(window.endIndex - pattern.count)
        where window[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start
        }
        return nil
    }
}
