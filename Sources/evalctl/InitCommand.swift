import ArgumentParser
import EvalKit
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a project that runs at once: evalctl.yaml, a small eval set, editor schemas.",
        discussion: """
            The default backend needs no key: the bundled stub server (--backend stub, the default) or the local \
            llama.cpp model (--backend llama). With --backend openai or anthropic that API is the default and the \
            stub stays as a second backend. Existing files are never overwritten: if one would be, nothing is written \
            (exit 2). The new eval set is linted, and the next commands are printed.
            """)

    @Argument(help: ArgumentHelp("The project folder (created if missing).", valueName: "dir"))
    var directory = "."

    @Option(help: "The default backend: stub, openai, anthropic or llama.")
    var backend: ProjectScaffold.Backend = .stub

    @Option(help: ArgumentHelp("The starter eval set's name (its folder under evalsets/).", valueName: "name"))
    var name = "starter"

    @OptionGroup var terminal: TerminalOptions

    func run() async throws {
        let scaffold = ProjectScaffold(directory: URL(fileURLWithPath: directory), backend: backend, evalSetName: name)
        let written: ProjectScaffold.Written
        do {
            written = try scaffold.write()
        } catch {
            throw ExitMapping.fail(error)
        }
        let console = Console()
        let style = terminal.style
        console.out(style.paint("created", .green) + " " + written.files.joined(separator: ", "))
        for note in written.notes { console.out("note: \(note)") }
        console.out("next:")
        for command in written.nextCommands { console.out("  \(command)") }
    }
}

extension ProjectScaffold.Backend: ExpressibleByArgument {}
