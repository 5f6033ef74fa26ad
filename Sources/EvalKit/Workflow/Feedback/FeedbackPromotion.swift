import Foundation

/// `evalctl feedback promote`: rated production answers become cases of an eval set, so what users complained about
/// is tested on every run from then on.
///
/// Each record becomes a case `fb-<id>` (its id sanitised; stable, so promoting again adds only new records) with the
/// record's input in `vars.input` and, as `expected`, the record's `correction`. A record without a correction becomes a
/// case tagged `needs-review` with `expected: []` (no acceptable answer yet), which fails until someone writes the
/// expected answer and removes the tag. A new set is created with a prompt that passes the input through and a
/// `contains` scorer; an existing set gets the cases appended to its cases file, and must lint clean afterwards, or its
/// cases file is left as it was.
///
/// ```swift
/// let outcome = try FeedbackPromotion(directory: "evalsets/complaints").promote(records)
/// ```
public struct FeedbackPromotion: Sendable {
    public struct Outcome: Sendable, Hashable {
        public var created: Bool
        public var added: Int
        public var alreadyInSet: Int
        public var needsReview: Int
        public var casesFile: String
    }

    public static let needsReviewTag = "needs-review"
    public static let promptID = "passthrough"
    public let directory: String
    /// The prompt variable the input goes into (`input`; an existing set's prompts may call it something else).
    public var variable = "input"
    public var loader: EvalSetLoader

    public init(directory: String, loader: EvalSetLoader) {
        self.directory = directory
        self.loader = loader
    }

    public func promote(_ records: [FeedbackRecord]) throws -> Outcome {
        let manifest = URL(fileURLWithPath: directory).appendingPathComponent(EvalSetLoader.manifestName)
        let exists = FileManager.default.fileExists(atPath: manifest.path)
        if exists {
            let problems = loader.lint(directory)
            if !problems.isEmpty { throw InvalidInput(problems + [InputProblem(file: directory, line: nil, message: "the eval set has problems; fix them before promoting into it (nothing was changed)")]) }
        }
        let directoryWasThere = exists ? true : try createSet()
        // Undo a set this call made: its files only, so an empty directory the user gave stays.
        let discardNewSet = {
            for file in [EvalSetLoader.manifestName, "prompts/\(Self.promptID).yaml", "prompts", "cases.jsonl"] {
                try? FileManager.default.removeItem(atPath: directory + "/" + file)
            }
            if !directoryWasThere { try? FileManager.default.removeItem(atPath: directory) }
        }
        let casesRelative = try YAMLFile(url: manifest, displayPath: manifest.path).rootMapping().requiredString("cases")
        let casesURL = URL(fileURLWithPath: directory).appendingPathComponent(casesRelative)
        let original = FileManager.default.contents(atPath: casesURL.path) ?? Data()
        let existing = exists ? Set(try loader.load(directory).cases.map(\.id)) : []
        var lines = "", added = 0, already = 0, review = 0
        var seen = existing
        for record in records {
            let id = Self.caseID(for: record.id)
            guard seen.insert(id).inserted else { already += 1; continue }
            lines += caseLine(id: id, record: record) + "\n"
            added += 1
            if record.correction == nil { review += 1 }
        }
        let outcome = Outcome(created: !exists, added: added, alreadyInSet: already, needsReview: review, casesFile: casesURL.path)
        guard added > 0 else {
            if !exists { discardNewSet() }
            return outcome
        }
        var data = original
        if let last = data.last, last != UInt8(ascii: "\n") { data.append(UInt8(ascii: "\n")) }
        data.append(contentsOf: lines.utf8)
        try ReportFile.write(data, to: casesURL.path)
        let problems = loader.lint(directory)
        guard problems.isEmpty else {
            // The cases do not fit the set (e.g. its prompts use another variable): leave the set as it was.
            if exists { try ReportFile.write(original, to: casesURL.path) } else { discardNewSet() }
            throw InvalidInput(problems + [InputProblem(file: directory, line: nil, message: "the promoted cases do not fit this eval set (does its prompt use {{\(variable)}}? see --var); nothing was changed")])
        }
        return outcome
    }

    /// `fb-<id>`: characters other than letters, digits, `.`, `_` and `-` become `-`; an id that had to change (or is
    /// long) gets 8 hex digits of its hash, so two ids never meet in one case id.
    public static func caseID(for id: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        let cleaned = String(id.map { allowed.contains($0) ? $0 : "-" })
        guard cleaned != id || id.count > 64 else { return "fb-" + id }
        return "fb-" + String(cleaned.prefix(48)) + "-" + String(SHA256.hex(id).prefix(8))
    }

    /// The input as one text: a string as it is; chat messages as their only user message, or else as a transcript
    /// (`role: content`, a blank line between turns).
    public static func inputText(_ input: JSONValue) -> String {
        guard let messages = input.arrayValue else { return input.plainText }
        if messages.count == 1, messages[0]["role"]?.stringValue == "user" { return messages[0]["content"]?.plainText ?? "" }
        return messages.map { "\($0["role"]?.plainText ?? ""): \($0["content"]?.plainText ?? "")" }.joined(separator: "\n\n")
    }

    private func caseLine(id: String, record: FeedbackRecord) -> String {
        let tags: [JSONValue] = record.correction == nil ? [.string("feedback"), .string(Self.needsReviewTag)] : [.string("feedback")]
        return JSONValue.object([
            "id": .string(id), "vars": .object([variable: .string(Self.inputText(record.input))]),
            "expected": record.correction.map(JSONValue.string) ?? .array([]), "tags": .array(tags),
        ]).canonicalJSON
    }

    /// Writes a new set's manifest, prompt and empty cases file; returns whether its directory was there before.
    private func createSet() throws -> Bool {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = fileManager.fileExists(atPath: directory, isDirectory: &isDirectory)
        if existed {
            let contents = (try? fileManager.contentsOfDirectory(atPath: directory)) ?? []
            guard isDirectory.boolValue, contents.isEmpty else {
                throw InvalidInput([InputProblem(file: directory, line: nil, message: "exists but is not an eval set (no \(EvalSetLoader.manifestName)); give a new directory or an eval set")])
            }
        }
        let name = URL(fileURLWithPath: directory).lastPathComponent
        let manifest = """
            name: \(JSONValue.string(name).canonicalJSON)
            version: 1
            description: Production answers users rated, promoted by evalctl feedback promote (see docs/feedback.md).
            prompts:
              \(Self.promptID): prompts/\(Self.promptID).yaml
            default_prompt: \(Self.promptID)
            cases: cases.jsonl
            scorers:
              - {type: contains, normalize: [casefold, collapse_whitespace]}
            # Cases tagged needs-review have no expected answer yet and fail until one is written in.
            min_pass_rate: 0.0

            """
        let prompt = """
            # The production input, passed through as the user message.
            user: "{{\(variable)}}"

            """
        do {
            try fileManager.createDirectory(atPath: directory + "/prompts", withIntermediateDirectories: true)
        } catch {
            throw InvalidInput([InputProblem(file: directory, line: nil, message: "cannot create the eval set (\(InputText.reason(error)))")])
        }
        try ReportFile.write(manifest, to: directory + "/" + EvalSetLoader.manifestName)
        try ReportFile.write(prompt, to: directory + "/prompts/\(Self.promptID).yaml")
        try ReportFile.write("", to: directory + "/cases.jsonl")
        return existed
    }
}
