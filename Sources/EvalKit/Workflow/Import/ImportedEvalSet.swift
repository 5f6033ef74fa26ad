import Foundation

/// An eval set built by an importer, not yet written: the manifest's fields, prompt files, cases, scorer entries and
/// any other file (schemas, rubrics), with what the import left out or changed (`report`).
public struct ImportedEvalSet: Sendable {
    public var name: String
    public var description: String
    /// Prompt id → the prompt file's YAML text, in order; the first is the default.
    public var prompts: [(id: String, yaml: String)] = []
    /// One JSON object a case: id, vars, expected, tags.
    public var cases: [JSONValue] = []
    /// Scorer entries, each an ordered list of (key, value) so `type` comes first.
    public var scorers: [[(key: String, value: JSONValue)]] = []
    /// Other files: path relative to the eval set → content.
    public var files: [(path: String, text: String)] = []
    public var minPassRate = 1.0
    public var report = ImportReport()

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }

    /// The first line of every YAML file written, for editors (see docs/editor-support.md).
    static func schemaComment(_ schema: BundledSchema, root: String) -> String {
        "# yaml-language-server: $schema=\(root).evalctl/schemas/\(schema.fileName)\n"
    }

    /// How a file in `folder` reaches `projectRoot`: `../../` for `evalsets/NAME`, else an absolute path.
    static func relativeRoot(from folder: URL, to projectRoot: URL) -> String {
        let folderParts = folder.standardizedFileURL.pathComponents
        let rootParts = projectRoot.standardizedFileURL.pathComponents
        guard folderParts.count >= rootParts.count, Array(folderParts.prefix(rootParts.count)) == rootParts else {
            return projectRoot.standardizedFileURL.path + "/"
        }
        return String(repeating: "../", count: folderParts.count - rootParts.count)
    }

    /// `evalset.yaml`.
    func manifest(source: String, schemaRoot: String = "../../") -> String {
        var text = Self.schemaComment(.evalSet, root: schemaRoot)
        text += "# Imported by evalctl \(EvalKitVersion.current) from \(source)\n"
        text += "name: \(YAMLText.scalar(name))\n"
        text += "version: 1\n"
        text += "description: \(YAMLText.scalar(description))\n"
        text += "prompts:\n"
        for prompt in prompts { text += "  \(YAMLText.scalar(prompt.id)): prompts/\(prompt.id).yaml\n" }
        text += "default_prompt: \(YAMLText.scalar(prompts.first?.id ?? ""))\n"
        text += "cases: cases.jsonl\n"
        text += "scorers:\n"
        for scorer in scorers { text += "  - " + YAMLText.flowMapping(scorer) + "\n" }
        text += "min_pass_rate: \(YAMLText.number(minPassRate))\n"
        return text
    }

    /// Refuses a destination that is a file or a folder holding anything: an import never overwrites.
    static func checkDestination(_ directory: URL) throws(ImportFailure) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return }
        let shown = ImportSources.shown(directory)
        guard isDirectory.boolValue else { throw ImportFailure("\(shown) is a file: evalctl never overwrites files (choose another --to)") }
        let contents = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? ["?"]
        guard contents.isEmpty else {
            throw ImportFailure("\(shown) already exists and is not empty: evalctl never overwrites files (choose another --to)")
        }
    }

    /// Writes the eval set into `directory`, which must not exist or be empty, then lints it with `loader`. The files
    /// go to a temporary directory beside it first and are moved into place only when the lint is clean, so a failed
    /// import leaves nothing behind. Returns the lint's problems (none when written).
    public func write(to directory: URL, source: String, projectRoot: URL, loader: EvalSetLoader) throws -> [InputProblem] {
        let manager = FileManager.default
        try Self.checkDestination(directory)
        let parent = directory.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).import-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging.appendingPathComponent("prompts"), withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: staging) }
        let schemaRoot = Self.relativeRoot(from: directory, to: projectRoot)
        try Data(manifest(source: source, schemaRoot: schemaRoot).utf8).write(to: staging.appendingPathComponent("evalset.yaml"))
        for prompt in prompts {
            let promptRoot = schemaRoot.hasPrefix("/") ? schemaRoot : "../" + schemaRoot
            try Data((Self.schemaComment(.prompt, root: promptRoot) + prompt.yaml).utf8).write(to: staging.appendingPathComponent("prompts/\(prompt.id).yaml"))
        }
        var lines = ""
        for evalCase in cases { lines += evalCase.canonicalJSON + "\n" }
        try Data(lines.utf8).write(to: staging.appendingPathComponent("cases.jsonl"))
        for file in files {
            let url = staging.appendingPathComponent(file.path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url)
        }
        let problems = loader.lint(staging.path)
        guard problems.isEmpty else { return problems }
        if manager.fileExists(atPath: directory.path) { try manager.removeItem(at: directory) }
        try manager.moveItem(at: staging, to: directory)
        try BundledSchema.install(in: projectRoot)
        return []
    }
}

/// What an import left out, changed or wants the user to know. `omitted` items make the import fail (exit 2) unless
/// `--allow-partial`.
public struct ImportReport: Sendable {
    public struct Item: Sendable, Hashable {
        public let file: String
        public let line: Int?
        public let message: String

        public var located: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
    }

    /// Things not imported: each would change a verdict if silently dropped.
    public var omitted: [Item] = []
    /// Things imported with a difference worth knowing.
    public var notes: [Item] = []

    public init() {}

    mutating func omit(_ file: String, _ line: Int?, _ message: String) {
        let item = Item(file: file, line: line, message: message)
        if !omitted.contains(item) { omitted.append(item) }
    }

    mutating func note(_ file: String, _ line: Int?, _ message: String) {
        let item = Item(file: file, line: line, message: message)
        if !notes.contains(item) { notes.append(item) }
    }
}

/// An import that cannot go ahead: a missing file, an unreadable format, a destination that exists.
public struct ImportFailure: Error, Sendable, DescribedError {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension BundledSchema {
    /// Writes every schema under `root/.evalctl/schemas/`, leaving files that exist alone.
    public static func install(in root: URL) throws {
        let directory = root.appendingPathComponent(".evalctl/schemas")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for schema in allCases {
            let url = directory.appendingPathComponent(schema.fileName)
            if !FileManager.default.fileExists(atPath: url.path) { try Data(schema.text.utf8).write(to: url) }
        }
    }
}

/// YAML text for values evalctl writes: JSON's syntax, which YAML reads as the same values.
enum YAMLText {
    /// A scalar: plain when it reads back as the same string, else double-quoted.
    static func scalar(_ text: String) -> String {
        let plain = text.range(of: #"^[A-Za-z_][A-Za-z0-9_./-]*$"#, options: .regularExpression) != nil
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]
        if plain && !reserved.contains(text.lowercased()) { return text }
        return quoted(text)
    }

    /// A double-quoted YAML scalar: JSON's escapes, and `\u`/`\U` for every character YAML does not allow as is
    /// (C0 and C1 controls, NEL, DEL, U+FFFE/U+FFFF, and the line and paragraph separators, which a reader folds), so any text reads back exactly.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let value = scalar.value
                let printable = (0x20...0x7E).contains(value) || (0xA0...0xD7FF).contains(value)
                    || (0xE000...0xFFFD).contains(value) || value >= 0x10000
                if printable && value != 0x2028 && value != 0x2029 && value != 0xFEFF {
                    out.unicodeScalars.append(scalar)
                } else if value <= 0xFFFF {
                    out += String(format: "\\u%04X", value)
                } else {
                    out += String(format: "\\U%08X", value)
                }
            }
        }
        return out + "\""
    }

    static func number(_ value: Double) -> String {
        JSONValue.number(value).canonicalJSON
    }

    /// `{type: contains, value: "x"}` with keys in the given order.
    static func flowMapping(_ entries: [(key: String, value: JSONValue)]) -> String {
        "{" + entries.map { "\(scalar($0.key)): \(value($0.value))" }.joined(separator: ", ") + "}"
    }

    static func value(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return scalar(text)
        case .array(let items): return "[" + items.map(self.value).joined(separator: ", ") + "]"
        case .object(let members): return flowMapping(members.keys.sorted().map { ($0, members[$0]!) })
        default: return value.canonicalJSON
        }
    }

    /// A prompt file's string field.
    static func field(_ key: String, _ text: String) -> String {
        "\(key): \(quoted(text))\n"
    }
}
