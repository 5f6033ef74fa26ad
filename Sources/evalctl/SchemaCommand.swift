import ArgumentParser
import EvalKit

/// `evalctl schema …`: work with JSON Schema (draft 2020-12) files, as the `json_schema` scorer uses them.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Work with JSON Schema (draft 2020-12) files.", subcommands: [Validate.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate JSON files or JSON Lines records against a schema.",
            discussion: "Prints one result per instance, in input order (files, then --instances lines). "
                + "Exits 0 when all are valid, 1 when any is invalid, 2 when the schema or an instance is not JSON, "
                + "the schema does not conform to its metaschema or refers back to itself without moving into the "
                + "instance, or an instance cannot be validated (nested more than 512 deep, or past the validator's "
                + "limit of 1,000 nested subschemas).")

        @Argument(help: "The schema file (JSON, draft 2020-12).")
        var schema: String

        @Argument(help: "JSON files to validate, one instance each.")
        var instanceFiles: [String] = []

        @Option(name: .customLong("instances"), help: "A JSON Lines file: each non-blank line is an instance.")
        var instancesJSONL: String?

        @Option(help: "Output format: text (one line per instance) or json.")
        var format: OutputFormat = .text

        func validate() throws {
            if instanceFiles.isEmpty && instancesJSONL == nil {
                throw ValidationError("Give at least one INSTANCE_FILE or --instances FILE.jsonl.")
            }
        }

        func run() throws {
            let report = SchemaFileValidation.run(schemaPath: schema, instancePaths: instanceFiles, instancesJSONLPath: instancesJSONL,
                                                  format: format == .json ? .json : .text)
            let console = Console()
            // One write for the whole output (50,000 instances are 50,000 lines).
            if !report.output.isEmpty { console.out(report.output.joined(separator: "\n")) }
            report.diagnostics.forEach(console.error)
            try ExitMapping.finish(report.verdict)
        }
    }
}
