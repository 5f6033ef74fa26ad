import ArgumentParser
import EvalKit
import Foundation

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Manage the response cache: export a run's answers as a cassette, import one, show and prune entries.",
        discussion: """
            A cassette is JSON Lines, one answer per line, sorted by key: commit one, and CI runs `evalctl run … --cache only` against it with no API key and gets the same outputs.

              evalctl cache export RUN [--output FILE] [--db FILE]
              evalctl cache import FILE [--db FILE]
              evalctl cache stats [--format text|json] [--db FILE]
              evalctl cache prune --older-than DURATION [--db FILE]
            """,
        subcommands: [Export.self, Import.self, Stats.self, Prune.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a run's request → answer pairs as a cassette (JSON Lines, sorted by key).",
            discussion: """
                Exports what the run read from or recorded in the cache, and, for a run with --cache off, the answers of its results. Without --output the cassette goes to standard output; with --output it is written atomically. A run with no answers (every case errored or was skipped) is an error (exit 2).
                """)

        @Argument(help: "A run id, 'latest', a tag or a run key.")
        var run: String

        @Option(name: .customLong("output"), help: ArgumentHelp("The cassette file to write (default: standard output).", valueName: "file"))
        var output: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let id = try await store.runID(for: run)
                let cassette = try await Cassette.export(run: id, from: store)
                if let output {
                    try ReportFile.write(cassette.data, to: output)
                    Console().error("exported \(cassette.answers) answers of run \(id) to \(output)")
                } else {
                    FileHandle.standardOutput.write(cassette.data)
                    Console().error("exported \(cassette.answers) answers of run \(id)")
                }
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a cassette into the response cache (the database is created if missing).",
            discussion: """
                Every line is checked before anything is stored: a bad line is reported as FILE:LINE with what was expected, and nothing is imported (exit 2). An answer under a key the cache holds replaces it.
                """)

        @Argument(help: "The cassette (JSON Lines) to load.")
        var file: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let answers = try CassetteReader(path: file).answers()
                let store = try StoreLocation.open(database.resolvedPath)
                let new = try await Cassette.load(answers, into: store)
                Console().out("imported \(answers.count) answers (\(new) new, \(answers.count - new) replaced)")
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What the response cache holds: entries, size, oldest and newest, per wire type, endpoint and model.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let report = CacheStatsReport(statistics: try await store.cacheStatistics())
                Console().out(format == .json ? report.json() : report.text())
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete cache entries recorded longer ago than a duration.",
            discussion: "DURATION is a number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. 30d, 12h, 2w.")

        @Option(name: .customLong("older-than"), help: ArgumentHelp("Delete entries recorded before this long ago, e.g. 30d, 12h, 2w.", valueName: "duration"))
        var olderThan: String

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if HistoryFilter.date(ago: olderThan) == nil {
                throw ValidationError("--older-than: expected a duration such as 30d, 12h or 2w, found '\(olderThan)'")
            }
        }

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath, create: false)
                let cutoff = HistoryFilter.date(ago: olderThan)!
                let deleted = try await store.pruneCache(recordedBefore: cutoff)
                let remaining = try await store.cacheStatistics().entries
                Console().out("deleted \(deleted) cache entries recorded before \(CacheStatsReport.dateTime(cutoff)) UTC; \(remaining) remain")
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }
}
