import Foundation

/// A `pattern` or `patternProperties` regular expression: ECMA-262 syntax, run by ICU (`NSRegularExpression`).
///
/// The two dialects agree on what schemas use in practice; where they differ in meaning, the pattern is rewritten
/// before ICU compiles it: `\d`, `\w` and `\s` keep their ASCII/ECMA sets (ICU's are Unicode-wide), `$` means the
/// end of the text (ICU also accepts it before a final newline), `.` stops only at line terminators (ICU's also at
/// U+0085), and a `[` inside a class is literal (ICU nests sets). Patterns without groups, alternation or lookaround
/// run without ICU (`SimplePattern`), with the same meaning.
struct SchemaPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and safe to share once built, but not declared Sendable on Linux.
    private let expression: NSRegularExpression
    /// The same pattern matched without ICU, when it is simple enough (see `SimplePattern`).
    private let simple: SimplePattern?
    let source: String

    init(_ source: String) throws {
        self.source = source
        // Compiled by ICU even when the simple form runs it: ICU's verdict on the syntax stays the one that counts.
        expression = try NSRegularExpression(pattern: SchemaPattern.translate(source), options: [])
        simple = SimplePattern.parse(source)
    }

    /// Whether the pattern matches somewhere in `text` (patterns are not anchored).
    func matches(_ text: String) -> Bool {
        if let simple { return simple.matches(text) }
        return icuMatches(text)
    }

    /// The same through ICU alone (for tests that hold the two to each other).
    func icuMatches(_ text: String) -> Bool {
        expression.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }

    var isSimple: Bool { simple != nil }

    /// Whether `pattern` avoids the group syntax ICU accepts but ECMA-262 does not (`(?i)`, `(?#…)`, `(?P<…>)`)
    /// and the `\a` escape: what `format: regex` asserts on top of compiling.
    static func usesOnlyECMAScriptSyntax(_ pattern: String) -> Bool {
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "\\" {
                if index + 1 < scalars.count, scalars[index + 1] == "a" { return false }
                index += 2
                continue
            }
            if scalars[index] == "(", index + 2 < scalars.count, scalars[index + 1] == "?", !":=!<".unicodeScalars.contains(scalars[index + 2]) {
                return false
            }
            index += 1
        }
        return true
    }

    private static let whitespace = #"\t\n\x{0B}\f\r\p{Z}\x{FEFF}"#

    private static let classEscapes: [Character: (inside: String, outside: String)] = [
        "d": ("0-9", "[0-9]"), "D": ("[^0-9]", "[^0-9]"),
        "w": ("a-zA-Z0-9_", "[a-zA-Z0-9_]"), "W": ("[^a-zA-Z0-9_]", "[^a-zA-Z0-9_]"),
        "s": (whitespace, "[" + whitespace + "]"), "S": ("[^" + whitespace + "]", "[^" + whitespace + "]"),
    ]

    /// Rewrites the ECMA-262 constructs ICU reads differently.
    static func translate(_ pattern: String) -> String {
        // The empty pattern matches everywhere in ECMA-262; ICU refuses to compile it.
        guard !pattern.isEmpty else { return "(?:)" }
        var out = ""
        var inClass = false
        var characters = pattern.makeIterator()
        var atClassStart = false
        while let character = characters.next() {
            let classStart = atClassStart
            atClassStart = false
            switch character {
            case "\\":
                guard let escaped = characters.next() else {
                    out.append("\\")
                    continue
                }
                if let replacement = classEscapes[escaped] {
                    out += inClass ? replacement.inside : replacement.outside
                } else {
                    out.append("\\")
                    out.append(escaped)
                }
            case "[" where inClass:
                out += "\\["
            case "[":
                inClass = true
                atClassStart = true
                out.append("[")
            case "^" where classStart && out.hasSuffix("["):
                atClassStart = true
                out.append("^")
            case "]" where classStart:
                // ECMA-262's empty class matches nothing and its negation anything; ICU reads both as unterminated.
                let negated = out.hasSuffix("[^")
                out.removeLast(negated ? 2 : 1)
                out += negated ? #"[\s\S]"# : "(?!)"
                inClass = false
            case "]" where inClass:
                inClass = false
                out.append("]")
            case "$" where !inClass:
                out += #"\z"#
            case "." where !inClass:
                // ECMA-262's `.` stops only at line terminators; ICU's also at U+0085.
                out += #"[^\n\r\x{2028}\x{2029}]"#
            default:
                out.append(character)
            }
        }
        return out
    }
}
