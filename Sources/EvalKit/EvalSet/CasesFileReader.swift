import Foundation

/// Reads a cases JSONL file: one JSON object a line, with a unique `id`, `vars`, `expected` and optional `tags`.
/// A leading byte-order mark is dropped; a line that is not UTF-8, or an object that repeats a key, is a problem at its
/// line and column (in bytes), as nothing a model is sent may differ from what the file says.
///
/// The file is read a line at a time and no case is kept: each is handed to the caller's checks as it is read, and
/// its line copied for the run (see `CaseList`). What stays in memory is each case's 16-byte place in the copy and,
/// while reading, the ids seen (to find a repeated one).
struct CasesFileReader {
    static let fields = ["id", "vars", "expected", "tags"]
    /// The longest line read; a longer one is a problem at its line (never buffered whole).
    static let maximumLineBytes = 256 << 20
    let url: URL
    let displayPath: String

    /// Every case checked, in file order, each handed to `visit` as it is read (for checks that need the prompts and
    /// scorers). Nil when the file cannot be read at all; otherwise the problems are appended.
    func read(problems: inout [InputProblem], visit: (EvalCase) -> Void) -> (cases: CaseList, digest: SHA256.Running)? {
        if let head = try? FileHandle(forReadingFrom: url).read(upToCount: 1024),
           let pointer = InputText.gitLFSPointer(head, displayPath: displayPath) {
            problems.append(InputProblem(file: displayPath, line: 1, message: pointer))
            return nil
        }
        var copy = CaseFileWriter(displayPath: displayPath)
        defer { copy?.abandon() }
        var kept: [EvalCase] = []  // only when no temporary copy can be made
        var digest = SHA256.Running()
        var count = 0
        var firstLineOfID: [String: Int] = [:]
        let problemsBefore = problems.count
        var unreadable: String?
        do {
            try LineReader(path: url.path, maximumLineBytes: Self.maximumLineBytes).forEach { line, lineNumber in
                let bytes: [UInt8]
                switch line {
                case .text(let text): bytes = text
                case .tooLong:
                    problems.append(InputProblem(file: displayPath, line: lineNumber, message: "a line longer than \(Self.maximumLineBytes >> 20) MB"))
                    return .proceed
                case .unreadable(let reason):
                    unreadable = reason
                    return .stop
                }
                guard let evalCase = check(bytes, lineNumber: lineNumber, firstLineOfID: &firstLineOfID, problems: &problems) else { return .proceed }
                visit(evalCase)
                digest.update(EvalSet.casesEntry(evalCase, first: count == 0))
                count += 1
                guard problems.count == problemsBefore else { return .proceed }  // no run follows: nothing to keep
                if copy != nil {
                    if copy?.append(bytes, lineNumber: lineNumber) == false {
                        problems.append(InputProblem(file: displayPath, line: nil, message: "cannot copy the cases to the temporary directory (\(String(cString: strerror(errno))))"))
                        return .stop
                    }
                } else {
                    kept.append(evalCase)
                }
                return .proceed
            }
        } catch {
            problems.append(InputProblem(file: displayPath, line: nil, message: "cannot read cases file (\(error.reason))"))
            return nil
        }
        if let unreadable {
            problems.append(InputProblem(file: displayPath, line: nil, message: "cannot read cases file (\(unreadable))"))
            return nil
        }
        if count == 0, problems.count == problemsBefore {
            problems.append(InputProblem(file: displayPath, line: nil, message: "no cases: the file is empty"))
        }
        guard problems.count == problemsBefore else { return (CaseList(), digest) }
        if copy != nil {
            guard let file = copy?.finish() else {
                problems.append(InputProblem(file: displayPath, line: nil, message: "cannot copy the cases to the temporary directory (\(String(cString: strerror(errno))))"))
                return nil
            }
            copy = nil
            return (CaseList(file: file), digest)
        }
        return (CaseList(kept), digest)
    }

    /// One line checked: the case it holds, or nil with the problem appended (a blank line is skipped silently).
    private func check(_ line: [UInt8], lineNumber: Int, firstLineOfID: inout [String: Int], problems: inout [InputProblem]) -> EvalCase? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        func problem(_ message: String, column: Int? = nil) -> EvalCase? {
            problems.append(InputProblem(file: displayPath, line: lineNumber, column: column, message: message))
            return nil
        }
        do {
            if !line.allSatisfy({ $0 < 0x80 }) { _ = try InputText.decode(line, file: displayPath, firstLine: lineNumber) }
        } catch {
            problems.append(error)
            return nil
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return problem("malformed JSON: \(error.message) (each line must be one JSON object)", column: error.column)
        }
        if let duplicate = JSONDuplicateKey.first(in: line) {
            return problem("duplicate key \"\(duplicate.key)\" in one object (JSON keeps only one of them)", column: duplicate.column)
        }
        guard case .object(let fields) = value else { return problem("expected a JSON object, found \(value.typeName)") }
        guard let id = fields["id"]?.stringValue, !id.isEmpty else {
            return problem("missing 'id' (a non-empty string that stays the same across versions)")
        }
        if let first = firstLineOfID[id] { return problem("duplicate id '\(id)' (first used at line \(first))") }
        firstLineOfID[id] = lineNumber
        if let unknown = fields.keys.sorted().first(where: { !Self.fields.contains($0) }) {
            return problem("case '\(id)': " + NameSuggestion.unknown("field", unknown, known: Self.fields))
        }
        var vars: [String: JSONValue] = [:]
        switch fields["vars"] {
        case .object(let members)?: vars = members
        case nil: break
        case let other?: return problem("case '\(id)': 'vars' must be an object, found \(other.typeName)")
        }
        guard let expected = fields["expected"] else { return problem("case '\(id)': missing 'expected'") }
        var tags: [String] = []
        if let tagValue = fields["tags"] {
            guard let list = tagValue.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                return problem("case '\(id)': 'tags' must be a list of strings")
            }
            tags = list.compactMap(\.stringValue)
        }
        return EvalCase(id: id, vars: vars, expected: expected, tags: tags, line: lineNumber)
    }

    /// A case from a line `check` accepted before (read back from the run's copy of the file).
    static func evalCase(fromCheckedLine line: [UInt8], line number: Int) throws -> EvalCase {
        guard case .object(let fields) = try JSONParser.parse(line), let id = fields["id"]?.stringValue, let expected = fields["expected"] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return EvalCase(id: id, vars: fields["vars"]?.objectValue ?? [:], expected: expected,
                        tags: fields["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [], line: number)
    }
}
