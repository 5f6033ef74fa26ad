import Foundation

/// `evalctl review import`: labels made elsewhere, JSON Lines, one object a line: `id` (a result id from
/// `review export`), `label` (`pass` or `fail`), optional `reviewer` (else the `--reviewer` given) and `note`.
///
/// The whole file is checked before anything is stored: every bad line (malformed JSON, an unknown key, a missing or
/// unknown id, a bad label, no reviewer) is reported as file:line, and then nothing is imported.
///
/// ```swift
/// let labels = try await ReviewLabelFile(path: "labels.jsonl", defaultReviewer: "ana").labels(checkedAgainst: store)
/// try await store.recordReviewLabels(labels)
/// ```
public struct ReviewLabelFile: Sendable {
    public static let fields: Set<String> = ["id", "label", "reviewer", "note"]
    public static let maximumBytes = 64 << 20
    public static let maximumNoteCharacters = 2000

    public let path: String
    public let defaultReviewer: String?
    public var labelledAt = Date()
    /// How many problems are listed before the rest are counted.
    public var maximumProblems = 20

    public init(path: String, defaultReviewer: String?) {
        self.path = path
        self.defaultReviewer = defaultReviewer
    }

    /// Every label in the file, in file order, once every line is valid and every id names a stored result;
    /// otherwise `InvalidInput` listing every bad line, unknown ids among them, in line order.
    public func labels(checkedAgainst store: any ResultStore) async throws -> [ReviewLabel] {
        let (labels, problems) = try read()
        let known = try await store.existingResultIDs(among: labels.map(\.label.resultID))
        let unknown = labels.filter { !known.contains($0.label.resultID) }.map {
            InputProblem(file: path, line: $0.line, message: "no result with id \($0.label.resultID) in this database (ids come from `evalctl review export` on the same database)")
        }
        let all = (problems + unknown).sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        guard all.isEmpty else { throw failure(all) }
        return labels.map(\.label)
    }

    /// The file's good lines as labels with their line numbers, and a problem for each bad line; `InvalidInput` when
    /// the file cannot be read at all.
    func read() throws(InvalidInput) -> (labels: [(line: Int, label: ReviewLabel)], problems: [InputProblem]) {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= Self.maximumBytes else {
            throw InvalidInput([InputProblem(file: path, line: nil, message: "file is larger than \(Self.maximumBytes >> 20) MB, the most a label file may be"), Self.nothing(path)])
        }
        let data: Data
        do { data = InputText.withoutByteOrderMark(try InputText.bytes(url, displayPath: path, what: "label file")) } catch {
            throw InvalidInput([error, Self.nothing(path)])
        }
        var labels: [(line: Int, label: ReviewLabel)] = [], problems: [InputProblem] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !(0x20 == $0 || 0x09 == $0 || 0x0D == $0) }) else { continue }
            do { labels.append((index + 1, try label(fromLine: Array(line), number: index + 1))) } catch { problems.append(error) }
        }
        return (labels, problems)
    }

    private func failure(_ problems: [InputProblem]) -> InvalidInput {
        let listed = Array(problems.prefix(maximumProblems))
        let more = problems.count > listed.count
            ? [InputProblem(file: path, line: nil, message: "\(problems.count - listed.count) more bad lines not listed")] : []
        return InvalidInput(listed + more + [Self.nothing(path)])
    }

    private static func nothing(_ path: String) -> InputProblem {
        InputProblem(file: path, line: nil, message: "nothing was imported")
    }

    func label(fromLine bytes: [UInt8], number: Int) throws(InputProblem) -> ReviewLabel {
        func problem(_ message: String) -> InputProblem { InputProblem(file: path, line: number, message: message) }
        if let offset = InputText.invalidOffset(in: bytes) {
            throw InputProblem(file: path, line: number, column: offset + 1, message: "not valid UTF-8; save the file as UTF-8")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw InputProblem(file: path, line: number, column: error.column, message: "malformed JSON: \(error.message)")
        }
        if let duplicate = JSONDuplicateKey.first(in: bytes) {
            throw InputProblem(file: path, line: number, column: duplicate.column, message: "key \"\(duplicate.key)\" appears twice")
        }
        guard let object = value.objectValue else { throw problem("expected a JSON object with \"id\" and \"label\", found \(value.typeName)") }
        for name in object.keys.sorted() where !Self.fields.contains(name) {
            throw problem(NameSuggestion.unknown("key", name, known: Self.fields.sorted()))
        }
        guard let idValue = object["id"] else { throw problem("missing \"id\" (a result id, as `review export` writes it)") }
        guard let number = idValue.doubleValue, number >= 1, number == number.rounded(), number < 1e15 else {
            throw problem("\"id\" must be a result id (a whole number, 1 or more), found \(idValue.canonicalJSON.prefix(40))")
        }
        guard let labelValue = object["label"] else { throw problem("missing \"label\" (\"pass\" or \"fail\")") }
        guard let text = labelValue.stringValue, let verdict = ReviewLabel.Verdict(rawValue: text) else {
            throw problem("\"label\" must be \"pass\" or \"fail\", found \(labelValue.canonicalJSON.prefix(40))")
        }
        var reviewer = defaultReviewer
        if let given = object["reviewer"], given != .null {
            guard let name = given.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 200 else {
                throw problem("\"reviewer\" must be a non-empty name (at most 200 characters), found \(given.canonicalJSON.prefix(40))")
            }
            reviewer = name
        }
        guard let reviewer else { throw problem("no reviewer: give \"reviewer\" on the line, or --reviewer") }
        var note: String?
        if let given = object["note"], given != .null {
            guard let text = given.stringValue, text.count <= Self.maximumNoteCharacters else {
                throw problem("\"note\" must be a string of at most \(Self.maximumNoteCharacters) characters, or null")
            }
            note = text.isEmpty ? nil : text
        }
        return ReviewLabel(resultID: Int64(number), reviewer: reviewer, label: verdict, note: note, labelledAt: labelledAt)
    }
}
