import ArgumentParser
import EvalKit

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List and inspect stored runs.", subcommands: [List.self, Show.self, Tag.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The most recent runs, newest first.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "How many runs to list.")
        var limit = 20

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var terminal: TerminalOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let runs = try await store.recentRuns(limit: limit)
                let listing = RunListing(runs: runs)
                Console().out(format == .json ? listing.json() : listing.text(style: terminal.style))
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One run: its suites, and its failed and errored cases.")

        @Argument(help: "A run id, or 'latest'.")
        var run: String

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var terminal: TerminalOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let id = try await store.runID(for: run)
                let detail = RunDetailReport(summary: try await store.summary(ofRun: id), results: try await store.results(ofRun: id))
                Console().out(format == .json ? detail.json() : detail.text(style: terminal.style))
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Tag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Point a tag (e.g. main, release-42) at a run; a tag resolves to the run it was given to last.")

        @Argument(help: "A run id, 'latest' or an existing tag.")
        var run: String

        @Argument(help: "The tag: letters, digits, '.', '_', '/' and '-'.")
        var name: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let id = try await store.runID(for: run)
                try await store.tag(run: id, as: name)
                Console().out("tagged run \(id) as \(name)")
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }
}
