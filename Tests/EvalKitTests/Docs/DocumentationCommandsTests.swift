import Foundation
import Testing

/// What `evalctl … --help` lists: the subcommands and the long options of one command.
struct CommandHelp {
    let path: [String]
    let subcommands: [String]
    let longOptions: [String]

    init(path: [String], helpText: String) {
        self.path = path
        var subcommands: [String] = [], options: [String] = []
        var section = ""
        for line in helpText.components(separatedBy: "\n") {
            if let first = line.first, !first.isWhitespace {
                section = line
                continue
            }
            // Entries sit two spaces in; their wrapped descriptions further.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let entry = line.dropFirst(2).components(separatedBy: "  ")[0]
            // The section ends with "  See 'evalctl help <subcommand>' …", which is no subcommand.
            if section == "SUBCOMMANDS:", let name = entry.wholeMatch(of: /([a-z][a-z0-9-]*)( \(default\))?/)?.output.1,
               name != "help" {
                subcommands.append(String(name))
            } else if section == "OPTIONS:" {
                options += entry.matches(of: /--[a-z0-9][a-z0-9-]*/).map { String($0.output) }
            }
        }
        self.subcommands = subcommands
        self.longOptions = options
    }

    /// Every command reachable from `evalctl`, each with its own help, by running the built binary.
    static func all() async throws -> [CommandHelp] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var found: [CommandHelp] = []
        var pending: [[String]] = [[]]
        while let path = pending.popLast() {
            let result = try await EvalctlProcess.run(path + ["--help"], in: directory)
            guard result.status == 0 else { throw HelpFailed(path: path, stderr: result.stderr) }
            let help = CommandHelp(path: path, helpText: result.stdout)
            // evalctl answers `--help` after an unknown name with its parent's help: stop rather than loop.
            guard path.count <= 3, !found.contains(where: { $0.path == path }) else { throw HelpFailed(path: path, stderr: "nesting too deep") }
            found.append(help)
            pending += help.subcommands.map { path + [$0] }
        }
        return found.sorted { $0.path.lexicographicallyPrecedes($1.path) }
    }

    struct HelpFailed: Error, CustomStringConvertible {
        let path: [String]
        let stderr: String
        var description: String { "evalctl \((path + ["--help"]).joined(separator: " ")) failed: \(stderr)" }
    }
}

@Suite("documented commands and options")
struct DocumentationCommandsTests {
    static func pages() throws -> [MarkdownPage] {
        try DocumentationPages.urls().map { try MarkdownPage(url: $0) }
    }

    @Test("every subcommand and long option that evalctl --help lists is named in README.md or docs/")
    func everyCommandAndOptionIsDocumented() async throws {
        let commands = try await CommandHelp.all()
        #expect(commands.count > 15, "the root, its commands and the subcommands of runs, db, evalset, schema and score")
        let text = try DocumentationPages.urls().map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        var missing: [String] = []
        for command in commands {
            let name = (["evalctl"] + command.path).joined(separator: " ")
            if !command.path.isEmpty, !Self.contains(text, name) { missing.append(name) }
            for option in command.longOptions where !Self.contains(text, option) {
                missing.append("\(name) \(option)")
            }
        }
        #expect(missing.isEmpty, "not in README.md or docs/*.md:\n\(missing.joined(separator: "\n"))")
    }

    @Test("each command's usage block in the docs lists every option its --help lists")
    func everyUsageBlockIsComplete() async throws {
        let commands = try await CommandHelp.all()
        let blocks = try Self.pages().flatMap(\.codeBlocks)
        var missing: [String] = []
        for command in commands where !command.path.isEmpty {
            let name = (["evalctl"] + command.path).joined(separator: " ")
            let usage = Self.usageLines(of: name, in: blocks)
            if usage.isEmpty, !command.longOptions.allSatisfy(Self.everywhere.contains) {
                missing.append("\(name): no code block line starts with it")
                continue
            }
            let listed = usage.joined(separator: "\n")
            for option in command.longOptions where !Self.everywhere.contains(option) && !Self.contains(listed, option) {
                missing.append("\(name) \(option)")
            }
        }
        #expect(missing.isEmpty, "missing from the command's usage lines in a code block:\n\(missing.joined(separator: "\n"))")
    }

    @Test("help text gives subcommands and long options, not the closing 'See …' line or options named in descriptions")
    func helpTextIsParsed() {
        let help = CommandHelp(path: ["runs"], helpText: """
            USAGE: evalctl runs <subcommand>

            OPTIONS:
              --concurrency <concurrency>
                                      Requests in flight, unlike --other in this text.
              -h, --help              Show help information.

            SUBCOMMANDS:
              list (default)          The most recent runs.
              tag                     Point a tag at a run; see
                                      words here.

              See 'evalctl help runs <subcommand>' for detailed help.
            """)
        #expect(help.subcommands == ["list", "tag"])
        #expect(help.longOptions == ["--concurrency", "--help"])
    }

    /// Options every command has, documented once rather than in each usage block.
    static let everywhere: Set<String> = ["--help", "--version"]

    /// Lines of code blocks that start with `name` (after an optional `$ ` prompt), with the indented lines that
    /// continue them.
    static func usageLines(of name: String, in blocks: [[String]]) -> [String] {
        var lines: [String] = []
        for block in blocks {
            var continuing = false
            for line in block {
                let command = line.hasPrefix("$ ") ? String(line.dropFirst(2)) : line
                if command == name || command.hasPrefix(name + " ") {
                    lines.append(command)
                    continuing = true
                } else if continuing, line.first?.isWhitespace == true {
                    lines.append(line)
                } else {
                    continuing = false
                }
            }
        }
        return lines
    }

    /// Whether `word` occurs in `text` as a whole word (`--seed` does not count inside `--seeds`).
    static func contains(_ text: String, _ word: String) -> Bool {
        var searchStart = text.startIndex
        while let found = text.range(of: word, range: searchStart..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let isWordCharacter: (Character?) -> Bool = { $0.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } ?? false }
            if !isWordCharacter(before), !isWordCharacter(after) { return true }
            searchStart = found.upperBound
        }
        return false
    }
}
