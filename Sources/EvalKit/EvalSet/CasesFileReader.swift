import Foundation

/// Reads a cases JSONL file: one JSON object a line, with a unique `id`, `vars`, `expected` and optional `tags`.
/// A leading byte-order mark is dropped; a line that is not UTF-8, or an object that repeats a key, is a problem at its
/// line and column (in bytes), as nothing a model is sent may differ from what the file says.
struct CasesFileReader {
    static let fields = ["id", "vars", "expected", "tags"]
    let url: URL
    let displayPath: String

    func read(problems: inout [InputProblem]) -> [EvalCase]? {
        let data: Data
        do {
            data = try InputText.bytes(url, displayPath: displayPath, what: "cases file")
        } catch {
            problems.append(error)
            return nil
        }
        var cases: [EvalCase] = []
        // One allocation for every case instead of doublings that each copy the cases read so far.
        cases.reserveCapacity(data.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 })
        var firstLineOfID: [String: Int] = [:]
        let problemsBefore = problems.count
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            func problem(_ message: String, column: Int? = nil) {
                problems.append(InputProblem(file: displayPath, line: lineNumber, column: column, message: message))
            }
            do {
                if !line.allSatisfy({ $0 < 0x80 }) { _ = try InputText.decode(line, file: displayPath, firstLine: lineNumber) }
            } catch {
                problems.append(error)
                continue
            }
            let value: JSONValue
            do {
                value = try JSONParser.parse(line)
            } catch {
                problem("malformed JSON: \(error.message) (each line must be one JSON object)", column: error.column)
                continue
            }
            if let duplicate = JSONDuplicateKey.first(in: line) {
                problem("duplicate key \"\(duplicate.key)\" in one object (JSON keeps only one of them)", column: duplicate.column)
                continue
            }
            guard case .object(let fields) = value else {
                problem("expected a JSON object, found \(value.typeName)")
                continue
            }
            guard let id = fields["id"]?.stringValue, !id.isEmpty else {
                problem("missing 'id' (a non-empty string that stays the same across versions)")
                continue
            }
            if let first = firstLineOfID[id] {
                problem("duplicate id '\(id)' (first used at line \(first))")
                continue
            }
            firstLineOfID[id] = lineNumber
            if let unknown = fields.keys.sorted().first(where: { !Self.fields.contains($0) }) {
                problem("case '\(id)': " + NameSuggestion.unknown("field", unknown, known: Self.fields))
                continue
            }
            var vars: [String: JSONValue] = [:]
            switch fields["vars"] {
            case .object(let members)?: vars = members
            case nil: break
            case let other?:
                problem("case '\(id)': 'vars' must be an object, found \(other.typeName)")
                continue
            }
            guard let expected = fields["expected"] else {
                problem("case '\(id)': missing 'expected'")
                continue
            }
            var tags: [String] = []
            if let tagValue = fields["tags"] {
                if let list = tagValue.arrayValue, list.allSatisfy({ $0.stringValue != nil }) {
                    tags = list.compactMap(\.stringValue)
                } else {
                    problem("case '\(id)': 'tags' must be a list of strings")
                }
            }
            cases.append(EvalCase(id: id, vars: vars, expected: expected, tags: tags, line: lineNumber))
        }
        if cases.isEmpty, problems.count == problemsBefore {
            problems.append(InputProblem(file: displayPath, line: nil, message: "no cases: the file is empty"))
        }
        return cases
    }
}
