import ArgumentParser
import EvalKit
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn another tool's evals into evalctl eval sets.",
        discussion: """
            Whatever would change a verdict if it were dropped (a code assertion, Nunjucks logic, an option evalctl \
            has no equivalent for) is listed with its file and line, and then nothing is written (exit 2) unless \
            --allow-partial. Existing files are never overwritten. See docs/importing.md.
            """,
        subcommands: [OpenAIEvals.self, Promptfoo.self])

    /// Flags both importers take.
    struct Shared: ParsableArguments {
        @Option(help: ArgumentHelp("The eval set folder to write (default: evalsets/<name>); it must not exist or be empty.", valueName: "dir"))
        var to: String?

        @Option(name: .customLong("judge-backend"), help: "The backend imported judge scorers (llm-rubric, ModelBasedClassify) ask; define it in evalctl.yaml.")
        var judgeBackend = "judge"

        @Flag(name: .customLong("allow-partial"), help: "Write the eval set even when some things could not be imported (they are still listed).")
        var allowPartial = false

        @OptionGroup var terminal: TerminalOptions

        var options: EvalSetImport.Options {
            var options = EvalSetImport.Options()
            options.destination = to.map { URL(fileURLWithPath: $0) }
            options.judgeBackend = judgeBackend
            options.allowPartial = allowPartial
            return options
        }

        func run(_ source: EvalSetImport.Source) throws {
            let outcome: EvalSetImport.Outcome
            do {
                outcome = try EvalSetImport(source: source, options: options).run()
            } catch {
                throw ExitMapping.fail(error)
            }
            let console = Console()
            for line in outcome.lines(allowPartial: allowPartial, style: terminal.style) { console.out(line) }
            try ExitMapping.finish(Verdict(unusable: outcome.refused))
        }
    }

    struct OpenAIEvals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openai-evals",
            abstract: "Import evals from an OpenAI Evals registry file (evals/NAME.yaml with its samples JSONL).",
            discussion: """
                Match becomes starts_with, Includes contains, FuzzyMatch contains (either way, normalized) plus token \
                f1, JsonMatch json_equal, and ModelBasedClassify a judge scorer with the spec's prompt as its rubric. \
                Every eval in the file is imported (each to evalsets/<name>) unless --eval picks some.
                """)

        @Argument(help: ArgumentHelp("The registry's eval YAML file, e.g. registry/evals/test-basic.yaml.", valueName: "path"))
        var path: String

        @Option(name: .customLong("eval"), help: ArgumentHelp("Import only this eval (its name or id); repeat for several.", valueName: "name"))
        var evals: [String] = []

        @Option(help: ArgumentHelp("The registry folder holding data/ and modelgraded/ (default: the parent of the file's evals/ folder).", valueName: "dir"))
        var registry: String?

        @OptionGroup var shared: Shared

        func run() async throws {
            try shared.run(.openAIEvals(file: URL(fileURLWithPath: path), evals: evals, registry: registry.map { URL(fileURLWithPath: $0) }))
        }
    }

    struct Promptfoo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promptfoo",
            abstract: "Import a promptfoo config (prompts, tests, defaultTest, assertions) as one eval set.")

        @Argument(help: ArgumentHelp("The promptfoo config, e.g. promptfooconfig.yaml.", valueName: "config"))
        var config: String

        @OptionGroup var shared: Shared

        func run() async throws {
            try shared.run(.promptfoo(config: URL(fileURLWithPath: config)))
        }
    }
}
