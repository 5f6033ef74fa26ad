/// A run of digits read as a possible phone number: its groups, separators and where it ends.
struct PhoneCandidate {
    var plus = false
    var groups: [Int] = []
    var separators: Set<UInt8> = []
    var parenthesized = false
    var end: Int

    /// Reads from `start` (a `+`, `(` or digit) as far as the groups go; never past 64 bytes, so reading is bounded.
    static func read(_ bytes: [UInt8], from start: Int) -> PhoneCandidate {
        var candidate = PhoneCandidate(end: start)
        var cursor = start
        if bytes[cursor] == UInt8(ascii: "+") {
            candidate.plus = true
            cursor += 1
        }
        while cursor < bytes.count, cursor - start < 64 {
            if bytes[cursor] == UInt8(ascii: "(") {
                var close = cursor + 1
                while close < bytes.count, close - cursor <= 5, PIIScanner.isDigit(bytes[close]) { close += 1 }
                guard close < bytes.count, bytes[close] == UInt8(ascii: ")"), close - cursor - 1 >= 1 else { break }
                candidate.groups.append(close - cursor - 1)
                candidate.parenthesized = true
                cursor = close + 1
                candidate.end = cursor
                // `(555) 123-4567` and `(555)123-4567` alike.
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "-") {
                    guard cursor + 1 < bytes.count, PIIScanner.isDigit(bytes[cursor + 1]) else { break }
                    cursor += 1
                }
                continue
            }
            guard PIIScanner.isDigit(bytes[cursor]) else { break }
            let groupStart = cursor
            while cursor < bytes.count, PIIScanner.isDigit(bytes[cursor]) { cursor += 1 }
            candidate.groups.append(cursor - groupStart)
            candidate.end = cursor
            guard cursor + 1 < bytes.count else { break }
            let separator = bytes[cursor]
            guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") || separator == UInt8(ascii: "."),
                  PIIScanner.isDigit(bytes[cursor + 1]) || bytes[cursor + 1] == UInt8(ascii: "(") else { break }
            candidate.separators.insert(separator)
            cursor += 1
        }
        // Whatever digits follow belong to this run: never start another candidate inside it.
        while candidate.end < bytes.count, PIIScanner.isDigit(bytes[candidate.end]) { candidate.end += 1 }
        return candidate
    }

    var digits: Int { groups.reduce(0, +) }

    var isPhoneNumber: Bool {
        guard (7...15).contains(digits), !groups.isEmpty else { return false }
        if plus { return true }
        guard groups.count >= 2, groups.allSatisfy({ $0 <= 6 }), groups.last! >= 2 else { return false }
        let dotted = separators == [UInt8(ascii: ".")]
        // 2024-01-15, 15.01.2024, 2024 01 15.
        if groups.count == 3, groups.contains(4), groups.filter({ $0 <= 2 }).count == 2 { return false }
        // Amounts grouped in thousands: 1 000 000, 10.000.000.
        if separators.isSubset(of: [UInt8(ascii: " "), UInt8(ascii: ".")]), !parenthesized, groups.first! <= 3,
           groups.dropFirst().allSatisfy({ $0 == 3 }) { return false }
        // 192.168.100.200 and versions like 10.0.19041.1.
        if dotted, groups.count == 4, groups.allSatisfy({ $0 <= 3 }) { return false }
        if dotted, groups.contains(where: { $0 < 2 }) { return false }
        return true
    }
}
