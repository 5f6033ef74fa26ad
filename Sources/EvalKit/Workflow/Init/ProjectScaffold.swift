import Foundation

/// `evalctl init`: a new project that runs at once: `evalctl.yaml` with a backend that needs no key as the default
/// (the bundled stub, or the local llama.cpp model), a small eval set, the editor schemas, and a `.gitignore` for the
/// results database. Nothing that exists is overwritten: when any file would be, nothing is written.
///
/// ```swift
/// let written = try ProjectScaffold(directory: url, backend: .stub).write()
/// ```
public struct ProjectScaffold: Sendable {
    /// The backend the new project runs against by default.
    public enum Backend: String, Sendable, CaseIterable {
        case stub, openai, anthropic, llama
    }

    public let directory: URL
    public let backend: Backend
    /// The starter eval set's name (its folder under `evalsets/`).
    public let evalSetName: String

    public init(directory: URL, backend: Backend = .stub, evalSetName: String = "starter") {
        self.directory = directory
        self.backend = backend
        self.evalSetName = evalSetName
    }

    /// What was written, relative to the project folder, and the commands to run next.
    public struct Written: Sendable {
        public let files: [String]
        public let nextCommands: [String]
        /// Things the user has to do before the first run (e.g. set an API key).
        public let notes: [String]
    }

    /// Path (relative to the project) → content, in the order written.
    var files: [(path: String, text: String)] {
        let set = "evalsets/\(evalSetName)"
        var files: [(String, String)] = [
            (EvalConfig.defaultFileName, config),
            ("\(set)/evalset.yaml", manifest),
            ("\(set)/prompts/v1.yaml", prompt),
            ("\(set)/cases.jsonl", cases),
        ]
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent(".gitignore").path) {
            files.append((".gitignore", "# evalctl: the results database and generated reports\nevals.sqlite\nevals.sqlite-*\n*.html\n*.junit.xml\n"))
        }
        return files
    }

    /// Writes the project. Throws `ScaffoldFailure` when a file exists (nothing is written then),
    /// and `InvalidInput` if what was written does not lint (a bug: it is always checked).
    public func write() throws -> Written {
        guard ImportSources.slug(evalSetName, fallback: "") == evalSetName else {
            throw ScaffoldFailure("'\(evalSetName)' cannot name an eval set: use lowercase letters, digits, '-', '_' and '.'")
        }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ScaffoldFailure("\(ImportSources.shown(directory)) is a file: give a folder (new or existing) to set the project up in")
        }
        let planned = files
        let existing = planned.map(\.path).filter { manager.fileExists(atPath: directory.appendingPathComponent($0).path) }
        let setFolder = directory.appendingPathComponent("evalsets/\(evalSetName)")
        if existing.isEmpty, manager.fileExists(atPath: setFolder.path), !((try? manager.contentsOfDirectory(atPath: setFolder.path)) ?? []).isEmpty {
            throw ScaffoldFailure("evalsets/\(evalSetName) already holds files: evalctl init never overwrites (choose another --name)")
        }
        guard existing.isEmpty else {
            throw ScaffoldFailure("\(existing.joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : ""): evalctl init never overwrites files, and wrote nothing"
                                  + " (run it in a new or empty folder)")
        }
        for file in planned {
            let url = directory.appendingPathComponent(file.path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
        }
        try BundledSchema.install(in: directory)
        let problems = EvalSetLoader.standard.lint(setFolder.path)
        guard problems.isEmpty else { throw InvalidInput(problems) }
        _ = try EvalConfig.load(path: directory.appendingPathComponent(EvalConfig.defaultFileName).path)
        return Written(files: planned.map(\.path) + [".evalctl/schemas/"], nextCommands: nextCommands, notes: notes)
    }

    var nextCommands: [String] {
        let shown = ImportSources.shown(directory)
        let cd = shown == "." || directory.standardizedFileURL.path == FileManager.default.currentDirectoryPath ? [] : ["cd \(shellQuoted(shown))"]
        return cd + [
            "evalctl run evalsets/\(evalSetName) --tag baseline",
            "evalctl runs show latest",
            "evalctl report --cases latest --html cases.html",
        ]
    }

    var notes: [String] {
        switch backend {
        case .stub: ["the default backend 'stub' is evalctl's bundled test server: it repeats the last user message, so every case passes; point evalctl.yaml at a real model next (docs/backends.md)"]
        case .openai: ["set OPENAI_API_KEY before the first run (the key is read from the environment, never from a file)"]
        case .anthropic: ["set ANTHROPIC_API_KEY before the first run (the key is read from the environment, never from a file)"]
        case .llama: ["the default backend runs SmolLM2-135M on llama.cpp: install both once with `make llama` in evalctl's source tree, or set model_path to any GGUF file"]
        }
    }

    private func shellQuoted(_ text: String) -> String {
        text.range(of: #"^[A-Za-z0-9_./-]+$"#, options: .regularExpression) != nil ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: File contents

    var config: String {
        var text = ImportedEvalSet.schemaComment(.config, root: "")
        text += """
            # Backends evalctl can run against: `evalctl run --backend NAME`; the first one is the default.
            # Every key: docs/backends.md
            backends:

            """
        let stub = """
              stub:
                # evalctl's bundled test server, started for the run and stopped afterwards. It answers by repeating
                # the last user message, so the starter eval set runs with no model and no key.
                type: stub

            """
        switch backend {
        case .stub:
            text += stub
        case .openai:
            text += """
                  openai:
                    type: openai
                    base_url: https://api.openai.com/v1
                    model: gpt-4o-mini
                    api_key_env: OPENAI_API_KEY     # the key is read from this environment variable, never stored
                    concurrency: 8
                    params: {temperature: 0, max_tokens: 256, seed: 7}
                    cost_per_mtok: {input: 0.15, output: 0.60}

                """ + stub
        case .anthropic:
            text += """
                  anthropic:
                    type: anthropic
                    model: claude-sonnet-4-5
                    api_key_env: ANTHROPIC_API_KEY  # the key is read from this environment variable, never stored
                    concurrency: 8
                    params: {temperature: 0, max_tokens: 256}

                """ + stub
        case .llama:
            text += """
                  local:
                    # A llama.cpp server evalctl starts for the run; `make llama` installs it and SmolLM2-135M.
                    type: llama-server
                    model_path: ${EVALCTL_CACHE_DIR}/llama/models/SmolLM2-135M-Instruct.Q4_1.gguf
                    concurrency: 1
                    params: {temperature: 0, max_tokens: 48, seed: 7}

                """ + stub
        }
        return text
    }

    var manifest: String {
        ImportedEvalSet.schemaComment(.evalSet, root: "../../") + """
            # An eval set: versioned prompts, cases and how answers are scored. Every key: docs/eval-sets.md
            name: \(evalSetName)
            version: 1
            description: The model repeats the user's message exactly.
            prompts:
              v1: prompts/v1.yaml
            default_prompt: v1
            cases: cases.jsonl
            scorers:
              - type: exact            # the answer equals the case's `expected` (after trimming whitespace)
                normalize: [trim]
            min_pass_rate: 0.8         # the run fails (exit 1) when fewer cases pass

            """
    }

    var prompt: String {
        ImportedEvalSet.schemaComment(.prompt, root: "../../../") + """
            # A prompt version: Mustache templates filled from each case's vars. Every key: docs/eval-sets.md
            system: Repeat the user's message exactly, with nothing before or after it.
            user: "{{text}}"

            """
    }

    var cases: String {
        let texts: [(String, String, [String])] = [
            ("greeting", "Hello, world!", ["short"]),
            ("pangram", "The quick brown fox jumps over the lazy dog.", ["sentence"]),
            ("number", "42", ["short"]),
            ("question", "Is this thing on?", ["sentence"]),
            ("accents", "Crème brûlée, s'il vous plaît.", ["sentence", "unicode"]),
        ]
        return texts.map { id, text, tags in
            JSONValue.object(["id": .string(id), "vars": .object(["text": .string(text)]), "expected": .string(text),
                              "tags": .array(tags.map(JSONValue.string))]).canonicalJSON
        }.joined(separator: "\n") + "\n"
    }
}

/// `evalctl init` cannot go ahead (a file exists, a bad name): bad usage, exit 2.
public struct ScaffoldFailure: Error, Sendable, DescribedError {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
