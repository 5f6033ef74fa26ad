import Foundation

/// Which promptfoo (Nunjucks) templates evalctl's Mustache templates render the same: plain `{{ name }}` and
/// `{{ a.b }}` only. Everything else — tags (`{% if %}`, `{% for %}`), filters (`| dump`), expressions, comments — is
/// named so the import can list it rather than send the braces to a model.
enum TemplateCompatibility {
    /// The first construct Mustache cannot express, with its line within `text` (1-based), or nil.
    static func firstProblem(in text: String) -> (construct: String, line: Int)? {
        let scalars = Array(text.unicodeScalars)
        var line = 1
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" { line += 1 }
            if scalar == "{", index + 1 < scalars.count {
                let next = scalars[index + 1]
                if next == "%" || next == "#" {
                    let closing: Unicode.Scalar = next == "%" ? "%" : "#"
                    let end = find(closing, "}", in: scalars, from: index + 2)
                    let body = String(String.UnicodeScalarView(scalars[index..<min(scalars.count, (end ?? index + 40) + 2)]))
                    return ("Nunjucks \(next == "%" ? "tag" : "comment") \(shorten(body))", line)
                }
                if next == "{" {
                    guard let end = find("}", "}", in: scalars, from: index + 2) else {
                        return ("an unclosed {{", line)
                    }
                    let inner = String(String.UnicodeScalarView(scalars[(index + 2)..<end])).trimmingCharacters(in: .whitespaces)
                    if !isPlainName(inner) {
                        return ("Nunjucks expression {{ \(shorten(inner)) }}", line)
                    }
                    for skipped in scalars[index..<end] where skipped == "\n" { line += 1 }
                    index = end + 2
                    continue
                }
            }
            index += 1
        }
        return nil
    }

    /// The variable names a compatible template uses.
    static func variables(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if isPlainName(inner), let root = inner.split(separator: ".").first { names.append(String(root)) }
            rest = rest[close.upperBound...]
        }
        return names
    }

    static func isPlainName(_ text: String) -> Bool {
        text.range(of: #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"#, options: .regularExpression) != nil
    }

    private static func find(_ first: Unicode.Scalar, _ second: Unicode.Scalar, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index + 1 < scalars.count {
            if scalars[index] == first && scalars[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    private static func shorten(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}
