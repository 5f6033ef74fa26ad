import Foundation

/// Reads an eval set directory and checks everything a run depends on, collecting every problem instead of stopping
/// at the first: `evalctl evalset lint` prints them all, and `run` refuses to call a model while any remain.
public struct EvalSetLoader: Sendable {
    public static let manifestName = "evalset.yaml"
    /// Every key `evalset.yaml` may have, in the order docs/eval-sets.md documents them.
    static let manifestKeys = ["name", "version", "description", "prompts", "default_prompt", "cases", "scorers", "min_pass_rate", "flag"]
    static let promptKeys = ["system", "user", "examples", "messages", "messages_var"]
    /// Checks each scorer entry (`EvalSetLoader.standard` uses the built-in scorers).
    public let scorerCheck: ScorerSpecCheck

    public init(scorerCheck: ScorerSpecCheck = .none) {
        self.scorerCheck = scorerCheck
    }

    /// Loads the eval set at `path`, or throws `InvalidInput` with every problem found.
    public func load(_ path: String) throws(InvalidInput) -> EvalSet {
        let (evalSet, problems) = inspect(path)
        guard let evalSet, problems.isEmpty else { throw InvalidInput(Self.ordered(problems)) }
        return evalSet
    }

    /// Every problem in the eval set at `path`; empty when it is ready to run.
    public func lint(_ path: String) -> [InputProblem] {
        inspect(path).problems
    }

    /// Problems in reading order: by file, then line (stable, so one line's problems keep their order).
    static func ordered(_ problems: [InputProblem]) -> [InputProblem] {
        problems.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if a.file != b.file { return a.file < b.file }
            if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
            return left.offset < right.offset
        }.map(\.element)
    }

    private func inspect(_ path: String) -> (evalSet: EvalSet?, problems: [InputProblem]) {
        var problems: [InputProblem] = []
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        let manifestPath = display(path, Self.manifestName)
        if let missing = Self.missingDirectoryProblem(path) { return (nil, [missing]) }
        let manifest: YAMLMapping
        do {
            manifest = try YAMLFile(url: directory.appendingPathComponent(Self.manifestName), displayPath: manifestPath).rootMapping()
        } catch {
            return (nil, [error])
        }
        problems += manifest.unknownKeys(known: Self.manifestKeys)
        func attempt<T>(_ body: () throws(InputProblem) -> T) -> T? {
            do { return try body() } catch {
                problems.append(error)
                return nil
            }
        }
        let name = attempt { () throws(InputProblem) in try manifest.requiredString("name") }
        let version = attempt { () throws(InputProblem) in try manifest.requiredString("version") }
        let description = attempt { () throws(InputProblem) in try manifest.optionalString("description") } ?? nil
        let minPassRate = attempt { () throws(InputProblem) -> Double in
            let rate = try manifest.optionalDouble("min_pass_rate") ?? 1.0
            guard (0...1).contains(rate) else { throw manifest.problem("min_pass_rate", "min_pass_rate must be between 0 and 1, found \(rate)") }
            return rate
        }
        let prompts = loadPrompts(manifest: manifest, directory: directory, root: path, problems: &problems)
        let defaultPrompt = attempt { () throws(InputProblem) in try manifest.requiredString("default_prompt") }
        // Checked against the ids the manifest lists, so that a broken prompt file does not hide this problem.
        let promptIDs = (try? manifest.requiredMapping("prompts"))?.keys ?? []
        if let defaultPrompt, !promptIDs.isEmpty, !promptIDs.contains(defaultPrompt) {
            problems.append(manifest.problem("default_prompt", "default_prompt '\(defaultPrompt)' is not one of the prompts (\(promptIDs.joined(separator: ", ")))"))
        }
        let loadedScorers = loadScorers(manifest: manifest, directory: directory, problems: &problems)
        let flagRules = loadFlagRules(manifest: manifest, problems: &problems)
        let read = attempt { () throws(InputProblem) in try manifest.requiredString("cases") }.flatMap { casesPath in
            let casesFile = display(path, casesPath)
            let expectedVariables = expectedVariables(specs: loadedScorers ?? [])
            var caseProblems: [InputProblem] = []
            // Checked as each case is read: no case is kept for a second pass.
            let read = CasesFileReader(url: directory.appendingPathComponent(casesPath), displayPath: casesFile).read(problems: &problems) { evalCase in
                if let prompts { caseProblems += missingVariableProblems(prompts: prompts, evalCase: evalCase, root: path, casesPath: casesFile) }
                caseProblems += expectedVariableProblems(expectedVariables, evalCase: evalCase, casesPath: casesFile)
            }
            problems += caseProblems
            return read
        }
        guard let name, let version, let minPassRate, let prompts, let defaultPrompt, let read, let specs = loadedScorers,
              problems.isEmpty
        else { return (nil, Self.ordered(problems)) }
        let evalSet = EvalSet(
            name: name, version: version, description: description ?? "", directory: directory, prompts: prompts,
            defaultPromptID: defaultPrompt, cases: read.cases, casesDigest: read.digest, scorerSpecs: specs, minPassRate: minPassRate,
            flagRules: flagRules)
        return (evalSet, [])
    }

    /// `no eval set at evalsets/wrold-facts (did you mean 'evalsets/world-facts'?)` for a path that is not a
    /// directory: the closest sibling that holds an evalset.yaml.
    static func missingDirectoryProblem(_ path: String) -> InputProblem? {
        var isDirectory: ObjCBool = false
        guard !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue else { return nil }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let url = URL(fileURLWithPath: trimmed)
        let parent = url.deletingLastPathComponent()
        let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: parent.appendingPathComponent($0).appendingPathComponent(manifestName).path)
        }.sorted()
        let prefix = trimmed.contains("/") ? String(trimmed[..<trimmed.lastIndex(of: "/")!]) + "/" : ""
        let hint = NameSuggestion.closest(to: url.lastPathComponent, among: siblings).map { " (did you mean '\(prefix)\($0)'?)" } ?? ""
        let what = FileManager.default.fileExists(atPath: path) ? "not a directory" : "no such directory"
        return InputProblem(file: path, line: nil, message: "\(what): an eval set is a directory with an \(manifestName)\(hint)")
    }

    private func display(_ root: String, _ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    private func loadPrompts(manifest: YAMLMapping, directory: URL, root: String, problems: inout [InputProblem]) -> [PromptVersion]? {
        let promptMap: YAMLMapping
        do {
            promptMap = try manifest.requiredMapping("prompts")
        } catch {
            problems.append(error)
            return nil
        }
        if promptMap.keys.isEmpty {
            problems.append(manifest.problem("prompts", "'prompts' must name at least one prompt version"))
            return nil
        }
        var prompts: [PromptVersion] = []
        var failed = false
        for id in promptMap.keys {
            do {
                let relative = try promptMap.requiredString(id)
                let file = display(root, relative)
                let prompt = try YAMLFile(url: directory.appendingPathComponent(relative), displayPath: file).rootMapping()
                prompts.append(try promptVersion(prompt, id: id, path: relative))
            } catch {
                problems.append(error.file == manifest.file || error.message.hasPrefix("cannot read")
                    ? InputProblem(file: manifest.file, line: promptMap.line(of: id), message: "prompt '\(id)': \(error.file): \(error.message)")
                    : error)
                failed = true
            }
        }
        return failed ? nil : prompts
    }

    /// A prompt file in one of its three forms: system/examples/user, `messages`, or `messages_var`.
    private func promptVersion(_ prompt: YAMLMapping, id: String, path: String) throws(InputProblem) -> PromptVersion {
        if let unknown = prompt.unknownKeys(known: Self.promptKeys, noun: "field").first { throw unknown }
        let forms = ["messages", "messages_var"].filter(prompt.contains)
        if let form = forms.first {
            if let other = (["system", "user", "examples"] + forms.dropFirst()).first(where: prompt.contains) {
                throw prompt.problem(other, "'\(form)' is the whole prompt: leave out '\(other)'")
            }
            if form == "messages_var" {
                guard let name = try prompt.optionalString("messages_var"), !name.isEmpty else {
                    throw prompt.problem("messages_var", "'messages_var' must name a case variable")
                }
                return PromptVersion(id: id, path: path, conversationVariable: name)
            }
            return PromptVersion(id: id, path: path, messages: try messageTemplates(prompt))
        }
        let user = try template(prompt, "user", required: true)!
        let system = try template(prompt, "system", required: false)
        return PromptVersion(id: id, path: path, system: system, user: user, examples: try examples(prompt))
    }

    /// `messages:` — a list of {role, content} templates.
    private func messageTemplates(_ prompt: YAMLMapping) throws(InputProblem) -> [(role: ChatMessage.Role, template: PromptTemplate)] {
        guard let items = try prompt.optionalSequence("messages"), !items.isEmpty else {
            throw prompt.problem("messages", "'messages' must list at least one {role, content} message")
        }
        var messages: [(role: ChatMessage.Role, template: PromptTemplate)] = []
        for item in items {
            guard let message = item.mapping else {
                throw InputProblem(file: item.file, line: item.line, message: "each message must be a mapping with 'role' and 'content'")
            }
            if let unknown = message.unknownKeys(known: ["role", "content"], noun: "field", context: "message: ").first { throw unknown }
            let roleName = try message.requiredString("role")
            guard let role = ChatMessage.Role(rawValue: roleName) else {
                throw message.problem("role", "unknown role '\(roleName)' (expected system, user or assistant)")
            }
            messages.append((role, try template(message, "content", required: true)!))
        }
        return messages
    }

    private func template(_ prompt: YAMLMapping, _ key: String, required: Bool) throws(InputProblem) -> PromptTemplate? {
        guard let text = required ? try prompt.requiredString(key) : try prompt.optionalString(key) else { return nil }
        do {
            return try PromptTemplate(text)
        } catch {
            throw InputProblem(file: prompt.file, line: prompt.textLine(of: key) + error.line - 1, message: "'\(key)': \(error.message)")
        }
    }

    /// `examples:` — a list of {user, assistant} templates sent as few-shot turns.
    private func examples(_ prompt: YAMLMapping) throws(InputProblem) -> [(user: PromptTemplate, assistant: PromptTemplate)] {
        guard let items = try prompt.optionalSequence("examples") else { return [] }
        var examples: [(user: PromptTemplate, assistant: PromptTemplate)] = []
        for item in items {
            guard let pair = item.mapping else {
                throw InputProblem(file: item.file, line: item.line, message: "each example must be a mapping with 'user' and 'assistant'")
            }
            if let unknown = pair.unknownKeys(known: ["user", "assistant"], noun: "field", context: "example: ").first { throw unknown }
            examples.append((try template(pair, "user", required: true)!, try template(pair, "assistant", required: true)!))
        }
        return examples
    }

    private func loadScorers(manifest: YAMLMapping, directory: URL, problems: inout [InputProblem]) -> [ScorerSpec]? {
        let items: [YAMLItem]
        do {
            guard let list = try manifest.optionalSequence("scorers"), !list.isEmpty else {
                problems.append(manifest.problem(manifest.contains("scorers") ? "scorers" : nil, "'scorers' must list at least one scorer, e.g. - {type: exact}"))
                return nil
            }
            items = list
        } catch {
            problems.append(error)
            return nil
        }
        var specs: [ScorerSpec] = []
        for item in items {
            guard let entry = item.mapping, let options = entry.json.objectValue else {
                problems.append(InputProblem(file: item.file, line: item.line, message: "each scorer must be a mapping such as {type: exact}"))
                continue
            }
            guard let type = options["type"]?.stringValue else {
                problems.append(InputProblem(file: item.file, line: item.line, message: "scorer is missing 'type' (one of: \(scorerCheck.knownTypes.joined(separator: ", ")))"))
                continue
            }
            let spec = ScorerSpec(type: type, options: options, file: item.file, line: item.line)
            do throws(InputProblem) {
                try scorerCheck.check(spec, directory)
                specs.append(spec)
            } catch {
                problems.append(error)
            }
        }
        return specs.count == items.count ? specs : nil
    }

    /// `flag:`: rules that send results to the review queue, checked against the scorers the manifest lists.
    private func loadFlagRules(manifest: YAMLMapping, problems: inout [InputProblem]) -> [FlagRule] {
        let items: [YAMLItem]
        do {
            guard let list = try manifest.optionalSequence("flag") else { return [] }
            items = list
        } catch {
            problems.append(error)
            return []
        }
        let scorers: [(name: String, type: String)] = ((try? manifest.optionalSequence("scorers")) ?? nil ?? []).compactMap { item in
            guard let options = item.mapping?.json.objectValue, let type = options["type"]?.stringValue else { return nil }
            return (options["name"]?.stringValue ?? type, type)
        }
        return FlagRuleReader(scorers: scorers).read(items, problems: &problems)
    }

    /// The scorers with `expected_var`: each needs that variable in every case it scores.
    private func expectedVariables(specs: [ScorerSpec]) -> [(spec: ScorerSpec, scope: ScorerScope, variable: String)] {
        specs.compactMap { spec in
            guard let scope = try? ScorerScope(spec: spec), let variable = scope.expectedVariable else { return nil }
            return (spec, scope, variable)
        }
    }

    private func expectedVariableProblems(
        _ scorers: [(spec: ScorerSpec, scope: ScorerScope, variable: String)], evalCase: EvalCase, casesPath: String
    ) -> [InputProblem] {
        scorers.compactMap { spec, scope, variable in
            guard scope.applies(to: evalCase), evalCase.vars[variable] == nil else { return nil }
            let name = spec.options["name"]?.stringValue ?? spec.type
            return InputProblem(
                file: casesPath, line: evalCase.line,
                message: "case '\(evalCase.id)' does not provide '\(variable)', which scorer '\(name)' takes as its expected answer (expected_var, \(spec.file):\(spec.line))")
        }
    }

    private func missingVariableProblems(prompts: [PromptVersion], evalCase: EvalCase, root: String, casesPath: String) -> [InputProblem] {
        var problems: [InputProblem] = []
        for prompt in prompts {
            if let message = prompt.conversationProblem(evalCase) {
                problems.append(InputProblem(file: casesPath, line: evalCase.line, message: message))
            }
            for (role, template) in prompt.templates {
                for name in template.missingVariables(in: evalCase.vars) {
                    let where_ = template.line(of: name).map { " (\(display(root, prompt.path)), '\(role)' line \($0))" } ?? ""
                    problems.append(InputProblem(
                        file: casesPath, line: evalCase.line,
                        message: "case '\(evalCase.id)' does not provide {{\(name)}}, which prompt '\(prompt.id)' uses\(where_)"))
                }
            }
        }
        return problems
    }
}
