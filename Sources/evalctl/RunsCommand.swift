import Foundation
import ArgumentParser
import EvalKit

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List and inspect stored runs.", subcommands: [List.self, Show.self, Tag.self, Wait.self])

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

        @Argument(help: "A run id, 'latest', a tag or a run key.")
        var run: String

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var terminal: TerminalOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let id = try await store.runID(for: run)
                let summary = try await store.summary(ofRun: id)
                let detail = RunDetailReport(summary: summary, results: try await store.results(ofRun: id))
                Console().out(format == .json ? detail.json() : detail.text(style: terminal.style))
                // A sharded run: how each shard stands.
                if format == .text, let key = summary.run.runKey, let state = try await store.shardedRun(id: id) {
                    let table = ShardTable(key: key, shardCount: state.shardCount, runID: id, conditions: state.conditions())
                    Console().out("\n" + table.text(style: terminal.style))
                }
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

    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Wait for every shard of a sharded run, then judge the run as one (the fan-in of `run --shard K/N --run-key KEY`).",
            discussion: """
              Exits 0 when every shard completed and every suite meets its min_pass_rate; 1 when a suite is below it; 3 when a
              result is an error, or a shard stopped, crashed or did not finish before --timeout (each one named); 2 on bad input.
              Then `evalctl gate --baseline BASE --run KEY`, `evalctl report` and `evalctl drift` see one run.
              """)

        @Argument(help: "The run key the shards were given (--run-key).")
        var key: String

        @Option(help: "How many shards the run is split into (the N of --shard K/N).")
        var shards: Int

        @Option(help: ArgumentHelp("Give up after this long, e.g. 30m, 2h, 90s.", valueName: "duration"))
        var timeout = "30m"

        @Option(help: "Write the whole run's JUnit XML report here once the wait ends.")
        var junit: String?

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var terminal: TerminalOptions

        func validate() throws {
            if !(1...Shard.maximumCount).contains(shards) { throw ValidationError("--shards must be between 1 and \(Shard.maximumCount)") }
            if Self.seconds(timeout) == nil { throw ValidationError("--timeout: expected a duration such as 30m, 2h or 90s, found '\(timeout)'") }
        }

        /// `90s`, `30m`, `2h`, `1d`.
        static func seconds(_ text: String) -> Double? {
            if text.hasSuffix("s"), let value = Double(text.dropLast()), value >= 0, value.isFinite { return value }
            let now = Date()
            return HistoryFilter.date(ago: text, now: now).map { now.timeIntervalSince($0) }
        }

        func run() async throws {
            let console = Console()
            let outcome: ShardWait.Outcome
            var figures: [Int64: SuiteResultFigures] = [:]
            do {
                try Shard.checkRunKey(key)
                let store = try StoreLocation.open(database.resolvedPath)
                let wait = ShardWait(key: key, shardCount: shards, timeout: .milliseconds(Int64((Self.seconds(timeout) ?? 0) * 1000)))
                let location = store.location
                outcome = try await InterruptibleTask.run {
                    try await wait.wait(store: store) { seen in
                        guard seen.conditions.contains(where: { $0.condition.isPending }) else { return }
                        // Where it waits, so a mistyped --db shows at once rather than after the timeout.
                        console.error(ShardTable(key: seen.key, shardCount: seen.shardCount, runID: seen.runID, conditions: seen.conditions)
                            .headline + " — waiting (\(location))")
                    }
                }
                if let runID = outcome.runID { figures = try await store.suiteFigures(ofRun: runID) }
                if let junit, let summary = outcome.summary {
                    try await JUnitReport.write(run: summary, store: store, comparison: nil, to: junit)
                    console.error("JUnit report: \(junit)")
                }
            } catch {
                throw ExitMapping.fail(error)
            }
            let report = ShardWaitReport(
                table: ShardTable(key: key, shardCount: shards, runID: outcome.runID, conditions: outcome.conditions),
                summary: outcome.summary, figures: figures, timedOut: outcome.timedOut, timeout: timeout,
                waitedSeconds: outcome.waited.components.seconds)
            console.out(format == .json ? report.json() : report.text(style: terminal.style))
            try ExitMapping.finish(outcome.verdict)
        }
    }
}
