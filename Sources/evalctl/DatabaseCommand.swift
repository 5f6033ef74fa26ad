import ArgumentParser
import EvalKit

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Manage the results database.", subcommands: [Migrate.self])

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
}
