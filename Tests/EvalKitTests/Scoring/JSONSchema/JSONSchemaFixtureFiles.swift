import Foundation
@testable import EvalKit

/// Small schema and instance files written to a temporary directory for the scorer and CLI tests.
enum JSONSchemaFixtureFiles {
    /// A person: a string `name` and a non-negative integer `age`, nothing else.
    static let personSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["name", "age"],
          "properties": {
            "name": {"type": "string", "minLength": 1},
            "age": {"$ref": "#/$defs/count"}
          },
          "additionalProperties": false,
          "$defs": {"count": {"type": "integer", "minimum": 0}}
        }
        """

    /// A directory holding `schemas/person.json`; the caller removes it.
    static func evalSetDirectory() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("schemas/person.json", personSchema)
        return directory
    }

    static func compiledPerson() throws -> JSONSchema {
        try JSONSchema(JSONParser.parse(Array(personSchema.utf8)))
    }
}
