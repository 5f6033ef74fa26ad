import Foundation

/// `evalctl import`: reads another tool's evals, builds eval sets, and writes them only when nothing that would change
/// a verdict was left out (or the user allowed a partial import) and each one lints clean.
///
/// ```swift
/// let outcome = try EvalSetImport(source: .promptfoo(config: url), options: .init()).run()
/// ```
public struct EvalSetImport {
    public enum Source: Sendable {
        /// An OpenAI Evals registry file; `evals` picks some of the evals it defines (all when empty).
        case openAIEvals(file: URL, evals: [String], registry: URL?)
        /// A promptfoo config file.
        case promptfoo(config: URL)
    }

    public struct Options: Sendable {
        /// Where to write: one eval set directory. Nil: `evalsets/<name>` under `projectRoot` for each set.
        public var destination: URL?
        /// The backend that imported `judge` scorers ask.
        public var judgeBackend = "judge"
        /// Write even when the report lists omissions.
        public var allowPartial = false
        /// The project folder: `evalsets/` and `.evalctl/schemas/` are made here.
        public var projectRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

        public init() {}
    }

    /// One eval set the import made.
    public struct Written: Sendable {
        public let name: String
        public let directory: URL
        public let cases: Int
        public let scorers: [String]
        public let prompts: Int
    }

    public struct Outcome: Sendable {
        /// The sets written; empty when the import was refused.
        public var written: [Written] = []
        public var report = ImportReport()
        /// True when omissions stopped the import (nothing was written).
        public var refused = false
    }

    public let source: Source
    public let options: Options

    public init(source: Source, options: Options) {
        self.source = source
        self.options = options
    }

    /// Builds every set, then writes them. Bad input (a missing file, an unknown eval, a destination that holds files)
    /// throws `InputProblem` or `ImportFailure`; an imported set that does not lint throws `InvalidInput`.
    public func run() throws -> Outcome {
        let sets = try build()
        var outcome = Outcome()
        for set in sets {
            outcome.report.omitted += set.report.omitted.filter { !outcome.report.omitted.contains($0) }
            outcome.report.notes += set.report.notes.filter { !outcome.report.notes.contains($0) }
        }
        if !outcome.report.omitted.isEmpty && !options.allowPartial || sets.contains(where: { $0.prompts.isEmpty }) {
            outcome.refused = true
            return outcome
        }
        let targets = sets.map { set in
            options.destination ?? options.projectRoot.appendingPathComponent("evalsets").appendingPathComponent(set.name)
        }
        // Check every destination before writing any, so a refused import writes nothing.
        for target in targets { try ImportedEvalSet.checkDestination(target) }
        guard Set(targets.map(\.standardizedFileURL.path)).count == targets.count else {
            throw ImportFailure("two evals would be written to the same folder: import them one at a time with --eval NAME --to DIR")
        }
        let loader = EvalSetLoader.standard
        for (set, target) in zip(sets, targets) {
            let problems = try set.write(to: target, source: sourceDescription, projectRoot: options.projectRoot, loader: loader)
            guard problems.isEmpty else { throw InvalidInput(problems) }
            outcome.written.append(Written(name: set.name, directory: target, cases: set.cases.count,
                                           scorers: set.scorers.compactMap { entry in
                                               (entry.first { $0.key == "name" } ?? entry.first { $0.key == "type" })?.value.stringValue
                                           },
                                           prompts: set.prompts.count))
        }
        return outcome
    }

    var sourceDescription: String {
        switch source {
        case .openAIEvals(let file, _, _): "OpenAI Evals \(ImportSources.shown(file))"
        case .promptfoo(let config): "promptfoo \(ImportSources.shown(config))"
        }
    }

    func build() throws -> [ImportedEvalSet] {
        switch source {
        case .openAIEvals(let file, let names, let registry):
            try Self.requireFile(file, what: "OpenAI Evals registry file", expected: "an eval YAML file such as registry/evals/test-basic.yaml")
            let importer = OpenAIEvalsImporter(file: file, registry: registry, judgeBackend: options.judgeBackend)
            let entries = try importer.entries()
            var chosen: [OpenAIEvalsImporter.Entry] = []
            for name in names {
                guard let entry = entries.first(where: { $0.name == name || $0.id == name }) else {
                    throw InputProblem(file: ImportSources.shown(file), line: nil,
                                       message: "no eval '\(name)' in this file (it defines: \(entries.map(\.name).joined(separator: ", ")))"
                                           + NameSuggestion.hint(for: name, among: entries.map(\.name)))
                }
                if !chosen.contains(where: { $0.id == entry.id }) { chosen.append(entry) }
            }
            if chosen.isEmpty { chosen = entries }
            if options.destination != nil && chosen.count > 1 {
                throw ImportFailure("\(ImportSources.shown(file)) defines \(chosen.count) evals (\(chosen.map(\.name).joined(separator: ", "))) and --to names one eval set: pick one with --eval NAME, or leave out --to to write each to evalsets/<name>")
            }
            var sets: [ImportedEvalSet] = []
            for entry in chosen {
                var set = try importer.makeEvalSet(entry)
                if let destination = options.destination { set.name = ImportSources.slug(destination.lastPathComponent, fallback: set.name) }
                sets.append(set)
            }
            return sets
        case .promptfoo(let config):
            try Self.requireFile(config, what: "promptfoo config", expected: "a promptfooconfig.yaml file")
            let importer = PromptfooImporter(config: config, judgeBackend: options.judgeBackend)
            return [try importer.makeEvalSet(name: options.destination.map { ImportSources.slug($0.lastPathComponent, fallback: "imported") })]
        }
    }

    /// A clear problem when `url` is missing or a folder (naming the YAML files in that folder).
    static func requireFile(_ url: URL, what: String, expected: String) throws(InputProblem) {
        var isDirectory: ObjCBool = false
        let shown = ImportSources.shown(url)
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InputProblem(file: shown, line: nil, message: "no such file: expected \(expected)")
        }
        if isDirectory.boolValue {
            let yamlFiles = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            let hint = yamlFiles.isEmpty ? "" : " (YAML files here: \(yamlFiles.prefix(8).joined(separator: ", "))\(yamlFiles.count > 8 ? ", …" : ""))"
            throw InputProblem(file: shown, line: nil, message: "is a folder: expected \(expected)\(hint)")
        }
    }
}

extension EvalSetImport.Outcome {
    /// What `evalctl import` prints on standard error: every omission and note at its file and line, then what was
    /// written and the commands to run next (or why nothing was). Text from the imported files is made inert.
    public func lines(allowPartial: Bool, style: TerminalStyle = TerminalStyle(enabled: false)) -> [String] {
        var lines: [String] = []
        if !report.omitted.isEmpty {
            lines.append(style.paint("not imported (\(report.omitted.count)):", refused ? .red : .yellow))
            for item in report.omitted { lines.append("  " + TerminalText.sanitize(item.located, limit: 400)) }
        }
        if !report.notes.isEmpty {
            lines.append("notes (\(report.notes.count)):")
            for item in report.notes.prefix(50) { lines.append("  " + TerminalText.sanitize(item.located, limit: 400)) }
            if report.notes.count > 50 { lines.append("  … \(report.notes.count - 50) more") }
        }
        if refused {
            if allowPartial {
                lines.append(style.paint("error:", .red) + " nothing was written: no prompt could be imported (see above)")
            } else {
                lines.append(style.paint("error:", .red) + " nothing was written: \(report.omitted.count) thing\(report.omitted.count == 1 ? "" : "s") above would change verdicts if left out silently; "
                    + "rerun with --allow-partial to import the rest anyway")
            }
            return lines
        }
        for set in written {
            let shown = ImportSources.shown(set.directory)
            lines.append(style.paint("imported", .green) + " \(set.cases) case\(set.cases == 1 ? "" : "s"), \(set.prompts) prompt\(set.prompts == 1 ? "" : "s") and scorers "
                + "\(set.scorers.joined(separator: ", ")) into \(shown)")
        }
        if !report.omitted.isEmpty && allowPartial {
            lines.append(style.paint("partial:", .yellow) + " \(report.omitted.count) thing\(report.omitted.count == 1 ? "" : "s") listed above were left out (--allow-partial)")
        }
        if !written.isEmpty {
            let shown = written.map { ImportSources.shown($0.directory) }.joined(separator: " ")
            lines.append("next:")
            lines.append("  evalctl evalset lint \(shown)")
            lines.append("  evalctl run \(shown) --backend NAME   # NAME: a backend in evalctl.yaml")
            lines.append("  evalctl report --cases latest --html cases.html")
        }
        return lines
    }
}
