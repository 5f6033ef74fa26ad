/// Checks for `format` values, used only when format is asserted: the metaschema enables the format-assertion
/// vocabulary, or the schema was built with `assertsFormat`. By default draft 2020-12 treats `format` as an
/// annotation and nothing here runs.
///
/// Covered: `date-time`, `date`, `time`, `duration` (RFC 3339), `email`, `hostname`, `ipv4`, `ipv6`, `uri`,
/// `uri-reference`, `uuid`, `json-pointer`, `relative-json-pointer`, `regex`. Other formats (the `idn-`/`iri`
/// family, `uri-template`) and unknown ones pass, as the specification allows.
enum FormatAssertion {
    /// Why `text` is not of `format`, or nil when it is (or the format is not checked).
    static func check(_ format: String, _ text: String) -> String? {
        let valid: Bool
        switch format {
        case "date": valid = isDate(text)
        case "time": valid = isTime(text)
        case "date-time": valid = isDateTime(text)
        case "duration": valid = isDuration(text)
        case "email": valid = NetworkFormatAssertion.isEmail(text)
        case "hostname": valid = NetworkFormatAssertion.isHostname(text)
        case "ipv4": valid = NetworkFormatAssertion.isIPv4(text)
        case "ipv6": valid = NetworkFormatAssertion.isIPv6(text)
        case "uri": valid = NetworkFormatAssertion.isURI(text, requireScheme: true)
        case "uri-reference": valid = NetworkFormatAssertion.isURI(text, requireScheme: false)
        case "uuid": valid = isUUID(text)
        case "json-pointer": valid = isJSONPointer(text)
        case "relative-json-pointer": valid = isRelativeJSONPointer(text)
        case "regex": valid = SchemaPattern.usesOnlyECMAScriptSyntax(text) && (try? SchemaPattern(text)) != nil
        default: return nil
        }
        return valid ? nil : "\(JSONValue.string(text).canonicalJSON) does not have the expected \(format) syntax"
    }

    /// `full-date`: YYYY-MM-DD with a day that exists in that month.
    static func isDate(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-",
              let year = number(scalars[0..<4]), let month = number(scalars[5..<7]), let day = number(scalars[8..<10]) else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// `full-time`: HH:MM:SS[.frac] and Z or ±HH:MM; a leap second only where it is 23:59:60 in UTC.
    static func isTime(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 9, scalars[2] == ":", scalars[5] == ":",
              let hour = number(scalars[0..<2]), let minute = number(scalars[3..<5]), let second = number(scalars[6..<8]) else { return false }
        var index = 8
        if scalars[index] == "." {
            index += 1
            let digitsStart = index
            while index < scalars.count, isDigit(scalars[index]) { index += 1 }
            if index == digitsStart { return false }
        }
        guard index < scalars.count else { return false }
        var offsetMinutes = 0
        switch scalars[index] {
        case "Z", "z":
            guard index + 1 == scalars.count else { return false }
        case "+", "-":
            let offset = scalars[(index + 1)...]
            guard offset.count == 5, offset[offset.startIndex + 2] == ":",
                  let offsetHour = number(offset.prefix(2)), let offsetMinute = number(offset.suffix(2)),
                  offsetHour <= 23, offsetMinute <= 59 else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (scalars[index] == "+" ? 1 : -1)
        default:
            return false
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func isDateTime(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 11, scalars[10] == "T" || scalars[10] == "t" else { return false }
        return isDate(String(String.UnicodeScalarView(scalars[0..<10]))) && isTime(String(String.UnicodeScalarView(scalars[11...])))
    }

    /// RFC 3339 appendix A: `P` then date parts and/or `T` with time parts in order, or weeks alone.
    static func isDuration(_ text: String) -> Bool {
        var scalars = Array(text.unicodeScalars)[...]
        guard scalars.first == "P", scalars.count > 1 else { return false }
        scalars = scalars.dropFirst()
        var units: [Unicode.Scalar] = []
        var inTime = false
        var timeUnits = 0
        while let first = scalars.first {
            if first == "T" {
                guard !inTime else { return false }
                inTime = true
                scalars = scalars.dropFirst()
                continue
            }
            let digits = scalars.prefix(while: isDigit)
            guard !digits.isEmpty, digits.count < scalars.count else { return false }
            let unit = scalars[digits.endIndex]
            units.append(inTime ? Unicode.Scalar(unit.value + 0x20)! : unit)
            if inTime { timeUnits += 1 }
            scalars = scalars[(digits.endIndex + 1)...]
        }
        if inTime && timeUnits == 0 { return false }
        if units == ["W"] { return true }
        // Date units run Y, M, D and time units H, M, S without gaps: P1Y2D and PT1H2S are not durations.
        let dateOrder: [Unicode.Scalar] = ["Y", "M", "D"]
        let timeOrder: [Unicode.Scalar] = ["h", "m", "s"]
        for order in [dateOrder, timeOrder] {
            let positions = units.compactMap { order.firstIndex(of: $0) }
            if zip(positions, positions.dropFirst()).contains(where: { $1 != $0 + 1 }) { return false }
        }
        return units.allSatisfy { dateOrder.contains($0) || timeOrder.contains($0) }
    }

    static func isUUID(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 36 else { return false }
        return scalars.enumerated().allSatisfy { offset, scalar in
            [8, 13, 18, 23].contains(offset) ? scalar == "-" : scalar.properties.isASCIIHexDigit
        }
    }

    static func isJSONPointer(_ text: String) -> Bool {
        guard text.isEmpty || text.hasPrefix("/") else { return false }
        let scalars = Array(text.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() where scalar == "~" {
            guard offset + 1 < scalars.count, scalars[offset + 1] == "0" || scalars[offset + 1] == "1" else { return false }
        }
        return true
    }

    /// A non-negative integer without leading zeros, then `#` or a JSON Pointer.
    static func isRelativeJSONPointer(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let digits = scalars.prefix(while: isDigit)
        guard !digits.isEmpty, digits.count == 1 || digits.first != "0" else { return false }
        let rest = String(String.UnicodeScalarView(scalars[digits.count...]))
        return rest == "#" || isJSONPointer(rest)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    /// ASCII digits as a number; nil when any is not an ASCII digit.
    static func number<Scalars: Collection<Unicode.Scalar>>(_ scalars: Scalars) -> Int? {
        guard !scalars.isEmpty, scalars.allSatisfy(isDigit) else { return nil }
        return scalars.reduce(0) { $0 * 10 + Int($1.value - 48) }
    }
}
