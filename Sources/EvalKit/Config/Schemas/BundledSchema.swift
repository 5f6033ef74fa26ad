/// The JSON Schemas (2020-12) of evalctl's own files, for editors: `# yaml-language-server: $schema=…` at the top of a
/// file lets the YAML language server complete keys and flag typos. The repository keeps the same text under
/// `schemas/`; a test checks both against each other and against every bundled file and fixture.
public enum BundledSchema: String, CaseIterable, Sendable {
    /// `evalctl.yaml`
    case config = "evalctl.schema.json"
    /// `evalset.yaml`
    case evalSet = "evalset.schema.json"
    /// a prompt file (`prompts/NAME.yaml`)
    case prompt = "prompt.schema.json"

    /// The file name under a schemas directory.
    public var fileName: String { rawValue }

    /// The schema's JSON text.
    public var text: String {
        switch self {
        case .config: return #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}"#
        case .evalSet: return #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}"#
        case .prompt: return #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}"#
        }
    }
}
