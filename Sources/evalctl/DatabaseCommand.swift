import Foundation
import ArgumentParser
import EvalKit

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Manage the results database.", subcommands: [Migrate.self, Copy.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the results database, or upgrade it to this evalctl's schema (every command upgrades it too).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            do {
                let store = try StoreLocation.open(database.resolvedPath)
                Console().out("\(store.location): schema \(try await store.schemaVersion())")
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a whole results history into an empty database, e.g. from SQLite to PostgreSQL.",
            discussion: """
              Every run, result, score, tag, cache entry, review label, feedback record and shard moves over with its id, a
              page at a time; the source is only read. The target must be empty (it is created and migrated if need be), and
              each table's row count is checked afterwards. Passwords in a postgres:// URL are never printed.
              """)

        @Option(help: ArgumentHelp("The database to copy from: a SQLite file or a postgres:// URL.", valueName: "db"))
        var from: String

        @Option(help: ArgumentHelp("The empty database to copy into: a SQLite file or a postgres:// URL.", valueName: "db"))
        var to: String

        func run() async throws {
            let console = Console()
            do {
                let source = try StoreLocation.open(from, create: false)
                let target = try StoreLocation.open(to)
                let outcome = try await DatabaseCopy(source: source, target: target).run { table, count in
                    if count > 0 { console.error("copied \(count.formatted()) \(table)") }
                }
                console.out("copied \(outcome.total.formatted()) rows from \(source.location) to \(target.location)")
            } catch {
                throw ExitMapping.fail(error)
            }
        }
    }
}
