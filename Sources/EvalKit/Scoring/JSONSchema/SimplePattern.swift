/// A `pattern` without groups, alternation, lookaround or backreferences (`^[^@]+@[^@]+\.[a-z]+$`, `^[0-9]{5}$`:
/// what schemas mostly use), matched without ICU.
///
/// Such a pattern is a sequence of atoms (a character, `.`, a class, `\d`, …) each with a count, anchored or not at
/// either end. It is run as a set of positions in that sequence over the text's Unicode scalars, so a match takes time
/// linear in the text whatever the pattern (no backtracking), and no `NSString` is made: ICU through
/// `NSRegularExpression` cost a sixth of `schema validate`'s time. `parse` returns nil for anything else, and
/// `SchemaPattern` then uses ICU; both read ECMA-262's meaning (`\d`, `\w`, `\s` ASCII/ECMA sets, `.` any scalar but
/// a line terminator, `$` the end of the text).
struct SimplePattern: Sendable {
    /// A set of scalars: an ASCII bitmap and ranges above it.
    struct ScalarSet: Sendable {
        var low: UInt64 = 0, high: UInt64 = 0
        var ranges: [ClosedRange<UInt32>] = []
        var negated = false

        mutating func insert(_ range: ClosedRange<UInt32>) {
            if range.lowerBound <= 127 {
                for value in range.lowerBound...min(range.upperBound, 127) {
                    if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
                }
            }
            if range.upperBound > 127 { ranges.append(max(range.lowerBound, 128)...range.upperBound) }
        }

        mutating func insert(_ other: ScalarSet) {
            if other.negated {
                // The complement of `other`, as ranges: only class escapes (\D, \W, \S) are merged this way.
                var next: UInt32 = 0
                for range in other.allRanges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                    if range.lowerBound > next { insert(next...(range.lowerBound - 1)) }
                    next = max(next, range.upperBound &+ 1)
                }
                if next <= 0x10FFFF { insert(next...0x10FFFF) }
            } else {
                low |= other.low
                high |= other.high
                ranges += other.ranges
            }
        }

        /// Every member as ranges (the bitmap included).
        var allRanges: [ClosedRange<UInt32>] {
            var result = ranges
            for value in UInt32(0)...127 where (value < 64 ? low >> UInt64(value) : high >> UInt64(value - 64)) & 1 == 1 {
                if let last = result.last, last.upperBound + 1 == value, last.upperBound < 128 {
                    result[result.count - 1] = last.lowerBound...value
                } else {
                    result.append(value...value)
                }
            }
            return result
        }

        func contains(_ value: UInt32) -> Bool {
            let member: Bool
            if value < 64 {
                member = low >> UInt64(value) & 1 == 1
            } else if value < 128 {
                member = high >> UInt64(value - 64) & 1 == 1
            } else {
                member = ranges.contains { $0.contains(value) }
            }
            return member != negated
        }
    }

    enum Atom: Sendable {
        case scalar(UInt32)
        case set(ScalarSet)

        func matches(_ value: UInt32) -> Bool {
            switch self {
            case .scalar(let scalar): scalar == value
            case .set(let set): set.contains(value)
            }
        }
    }

    /// One step of the sequence: its atom once, optionally, or any number of times.
    struct State: Sendable {
        enum Kind: Sendable { case once, optional, repeated }
        let atom: Atom
        let kind: Kind
    }

    let states: [State]
    let anchoredStart: Bool
    let anchoredEnd: Bool

    /// Counted repeats are written out as states; a pattern needing more is left to ICU.
    static let maximumStates = 512

    /// Whether the pattern matches somewhere in `text` (at its start / end when anchored).
    func matches(_ text: String) -> Bool {
        let count = states.count
        var current = [Bool](repeating: false, count: count + 1)
        var next = current
        func add(_ state: Int, to set: inout [Bool]) {
            var index = state
            while index <= count, !set[index] {
                set[index] = true
                guard index < count, states[index].kind != .once else { return }
                index += 1  // an optional or repeated step may be passed over
            }
        }
        add(0, to: &current)
        if current[count], !anchoredEnd { return true }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            for index in 0..<(count + 1) { next[index] = false }
            var any = false
            for index in 0..<count where current[index] && states[index].atom.matches(value) {
                if states[index].kind == .repeated { add(index, to: &next) }
                add(index + 1, to: &next)
                any = true
            }
            if !anchoredStart { add(0, to: &next) }
            swap(&current, &next)
            if current[count], !anchoredEnd { return true }
            if !any, anchoredStart { return false }
        }
        return current[count]
    }

    // MARK: Parsing

    private static let lineTerminators: [UInt32] = [0x0A, 0x0D, 0x2028, 0x2029]

    private static func set(_ build: (inout ScalarSet) -> Void, negated: Bool = false) -> ScalarSet {
        var set = ScalarSet()
        build(&set)
        set.negated = negated
        return set
    }

    static let digit = set { $0.insert(0x30...0x39) }
    static let word = set { $0.insert(0x30...0x39); $0.insert(0x41...0x5A); $0.insert(0x61...0x7A); $0.insert(0x5F...0x5F) }
    /// ECMA-262's WhiteSpace and LineTerminator.
    static let space = set { set in
        for value: UInt32 in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF] {
            set.insert(value...value)
        }
        set.insert(0x2000...0x200A)
    }
    static let dot = set({ set in for value in lineTerminators { set.insert(value...value) } }, negated: true)

    private static func classEscape(_ letter: Character) -> ScalarSet? {
        switch letter {
        case "d": digit
        case "w": word
        case "s": space
        case "D": set({ $0.insert(digit) }, negated: true)
        case "W": set({ $0.insert(word) }, negated: true)
        case "S": set({ $0.insert(space) }, negated: true)
        default: nil
        }
    }

    private static let controlEscapes: [Character: UInt32] = ["t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D]
    /// Characters that stand for themselves after a backslash (ECMA-262's syntax characters, `/` and `-`).
    private static let identityEscapes = Set("^$\\.*+?()[]{}|/-")

    /// The pattern as a sequence, or nil when it uses anything beyond atoms, counts and end anchors.
    static func parse(_ source: String) -> SimplePattern? {
        var characters = Array(source)
        var anchoredStart = false, anchoredEnd = false
        if characters.first == "^" {
            anchoredStart = true
            characters.removeFirst()
        }
        if characters.last == "$", !(characters.count >= 2 && characters[characters.count - 2] == "\\") {
            anchoredEnd = true
            characters.removeLast()
        }
        var states: [State] = []
        var index = 0
        while index < characters.count {
            let atom: Atom
            switch characters[index] {
            case "\\":
                guard index + 1 < characters.count else { return nil }
                let escaped = characters[index + 1]
                index += 2
                if let set = classEscape(escaped) {
                    atom = .set(set)
                } else if let control = controlEscapes[escaped] {
                    atom = .scalar(control)
                } else if identityEscapes.contains(escaped), let scalar = escaped.unicodeScalars.first {
                    atom = .scalar(scalar.value)
                } else {
                    return nil
                }
            case ".":
                atom = .set(dot)
                index += 1
            case "[":
                guard let (set, end) = parseClass(characters, from: index + 1) else { return nil }
                atom = .set(set)
                index = end
            case "(", ")", "|", "^", "$", "*", "+", "?", "{", "}", "]":
                return nil
            default:
                guard characters[index].unicodeScalars.count == 1, let scalar = characters[index].unicodeScalars.first else { return nil }
                atom = .scalar(scalar.value)
                index += 1
            }
            guard let (minimum, maximum, end) = parseCount(characters, from: index) else { return nil }
            index = end
            states += Array(repeating: State(atom: atom, kind: .once), count: minimum)
            if let maximum {
                states += Array(repeating: State(atom: atom, kind: .optional), count: maximum - minimum)
            } else {
                states.append(State(atom: atom, kind: .repeated))
            }
            guard states.count <= maximumStates else { return nil }
        }
        return SimplePattern(states: states, anchoredStart: anchoredStart, anchoredEnd: anchoredEnd)
    }

    /// The count after an atom: (minimum, maximum or nil for no bound, index after it); nil when it cannot be read.
    private static func parseCount(_ characters: [Character], from start: Int) -> (Int, Int?, Int)? {
        guard start < characters.count else { return (1, 1, start) }
        var result: (Int, Int?, Int)
        switch characters[start] {
        case "*": result = (0, nil, start + 1)
        case "+": result = (1, nil, start + 1)
        case "?": result = (0, 1, start + 1)
        case "{":
            guard let close = characters[start...].firstIndex(of: "}") else { return nil }
            let parts = String(characters[(start + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let minimum = Int(parts[0]), minimum <= maximumStates else { return nil }
            if parts.count == 1 {
                result = (minimum, minimum, close + 1)
            } else if parts[1].isEmpty {
                result = (minimum, nil, close + 1)
            } else {
                guard let maximum = Int(parts[1]), maximum >= minimum, maximum <= maximumStates else { return nil }
                result = (minimum, maximum, close + 1)
            }
        default: return (1, 1, start)
        }
        // A lazy count (`+?`) matches the same texts; a second count (`a**`) is a syntax error left to ICU.
        if result.2 < characters.count, characters[result.2] == "?" { result.2 += 1 }
        if result.2 < characters.count, "*+?{".contains(characters[result.2]) { return nil }
        return result
    }

    /// A class after its `[`: the set and the index after its `]`; nil for what is not handled here.
    private static func parseClass(_ characters: [Character], from start: Int) -> (ScalarSet, Int)? {
        var set = ScalarSet()
        var index = start
        if index < characters.count, characters[index] == "^" {
            set.negated = true
            index += 1
        }
        /// One class member: a scalar, or a class escape (which cannot bound a range).
        func member(at position: Int) -> (scalar: UInt32?, escape: ScalarSet?, next: Int)? {
            guard position < characters.count else { return nil }
            if characters[position] == "\\" {
                guard position + 1 < characters.count else { return nil }
                let escaped = characters[position + 1]
                if let escape = classEscape(escaped) { return (nil, escape, position + 2) }
                if let control = controlEscapes[escaped] { return (control, nil, position + 2) }
                guard identityEscapes.contains(escaped), let scalar = escaped.unicodeScalars.first else { return nil }
                return (scalar.value, nil, position + 2)
            }
            guard characters[position].unicodeScalars.count == 1, let scalar = characters[position].unicodeScalars.first else { return nil }
            return (scalar.value, nil, position + 1)
        }
        while true {
            guard index < characters.count else { return nil }
            if characters[index] == "]" { return (set, index + 1) }  // `[]` matches nothing, `[^]` anything
            guard let first = member(at: index) else { return nil }
            index = first.next
            if let escape = first.escape {
                set.insert(escape)
                continue
            }
            guard let low = first.scalar else { return nil }
            if index + 1 < characters.count, characters[index] == "-", characters[index + 1] != "]" {
                guard let second = member(at: index + 1), let high = second.scalar, second.escape == nil, high >= low else { return nil }
                set.insert(low...high)
                index = second.next
            } else {
                set.insert(low...low)
            }
        }
    }
}
