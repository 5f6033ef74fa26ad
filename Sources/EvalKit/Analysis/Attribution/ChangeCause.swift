/// One recorded thing a suite's answers depend on that differs between two runs of it: the backend's configuration,
/// the prompt's or the eval set's content, the model that answered, its fingerprint, or evalctl itself.
///
/// `ChangeAttribution` finds them; every place that explains a change uses its list, so they name a cause the
/// same way: the comparison's notes, the HTML report's changed outputs, chart markers and flakiness (and drift's
/// "what changed", through `ChangeAttribution.causes(from:to:changedCases:)` on its history's points).
///
/// ```swift
/// ChangeCause.backendConfig(field: "base_url", old: "http://a/v1", new: "http://b/v1").description
/// // "backend config changed: base_url http://a/v1 → http://b/v1"
/// ```
public enum ChangeCause: Sendable, Hashable, CustomStringConvertible {
    /// A field of the backend's entry in `evalctl.yaml` (`base_url`, `model`, `params.temperature`, …), as text;
    /// `none` when unset. Never a secret (see `BackendIdentity`).
    case backendConfig(field: String, old: String, new: String)
    /// The prompt version's content (template, system message, its own parameters) changed under the same id.
    case prompt(id: String)
    /// The eval set's version changed (its content usually did too).
    case evalSetVersion(evalset: String, old: String, new: String)
    /// The eval set's cases or scorers changed without a version bump; `changedCases` is how many cases' content
    /// changed, when known (0: cases added or removed, or the scorers or min_pass_rate changed).
    case evalSetContent(evalset: String, changedCases: Int?)
    /// The model id the backend reported in its answers (most often) changed.
    case modelServed(old: String, new: String)
    /// Same model id, another `system_fingerprint`: the provider changed what serves it.
    case fingerprint(old: String, new: String)
    case evalctlVersion(old: String, new: String)

    /// The kind of cause, without its values: for grouping, and as a stable word in JSON.
    public enum Kind: String, Sendable, CaseIterable {
        case backendConfig = "backend_config"
        case prompt
        case evalSetVersion = "evalset_version"
        case evalSetContent = "evalset_content"
        case modelServed = "model_served"
        case fingerprint
        case evalctlVersion = "evalctl_version"
    }

    public var kind: Kind {
        switch self {
        case .backendConfig: .backendConfig
        case .prompt: .prompt
        case .evalSetVersion: .evalSetVersion
        case .evalSetContent: .evalSetContent
        case .modelServed: .modelServed
        case .fingerprint: .fingerprint
        case .evalctlVersion: .evalctlVersion
        }
    }

    /// One line, e.g. `prompt plain content changed`.
    public var description: String {
        switch self {
        case .backendConfig(let field, let old, let new): "backend config changed: \(field) \(old) → \(new)"
        case .prompt(let id): "prompt \(id) content changed"
        case .evalSetVersion(let evalset, let old, let new): "eval set \(evalset) v\(old) → v\(new)"
        case .evalSetContent(let evalset, let changedCases):
            "eval set \(evalset) content changed without a version bump" + (changedCases.map { count in
                count == 0 ? " (no case's content changed: cases added or removed, or scorers or min_pass_rate changed)"
                    : " (\(count) case\(count == 1 ? "" : "s") changed)"
            } ?? "")
        case .modelServed(let old, let new): "model \(old) → \(new)"
        case .fingerprint(let old, let new): "fingerprint \(old) → \(new)"
        case .evalctlVersion(let old, let new): "evalctl \(old) → \(new)"
        }
    }

    /// Whether the change alters what is asked or who answers it, so a case that flips across it flipped because of
    /// the change, not because the model is unstable. A new fingerprint or evalctl version does not: providers rotate
    /// fingerprints often, and flakiness across them is still flakiness.
    public var explainsFlips: Bool {
        switch self {
        case .backendConfig, .prompt, .evalSetVersion, .evalSetContent, .modelServed: true
        case .fingerprint, .evalctlVersion: false
        }
    }
}
