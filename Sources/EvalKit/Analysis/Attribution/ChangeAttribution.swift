/// Names what changed between two runs of the same eval set × prompt × backend, from everything the store records:
/// the backend's configuration (URL, model, params; never secrets), the prompt's and the eval set's content, the
/// model id served, its fingerprint, and the evalctl version. The one list every explanation of a change uses.
///
/// A run stored before a cause was recorded (the backend's configuration before schema v14) gives no cause for it:
/// unknown is not "changed".
///
/// ```swift
/// let causes = ChangeAttribution.causes(from: suite.points[i - 1], to: suite.points[i])
/// causes.map(\.description)   // ["backend config changed: base_url http://a/v1 → http://b/v1"]
/// ```
public enum ChangeAttribution {
    /// What differs from `before` to `after`, most telling first: backend config, model, prompt, eval set,
    /// fingerprint, evalctl. `changedCases` is how many cases' content differs, when the caller knows.
    public static func causes(from before: SuiteConditions, to after: SuiteConditions, changedCases: Int? = nil) -> [ChangeCause] {
        let old = before.suite, new = after.suite
        var causes = backendConfig(old.identity, new.identity)
        if before.model != after.model,
           !causes.contains(.backendConfig(field: "model", old: before.model, new: after.model)) {
            causes.append(.modelServed(old: before.model, new: after.model))
        }
        let promptChanged = old.promptHash != new.promptHash
        if promptChanged { causes.append(.prompt(id: new.promptID)) }
        if old.evalsetVersion != new.evalsetVersion {
            causes.append(.evalSetVersion(evalset: new.evalset, old: old.evalsetVersion, new: new.evalsetVersion))
        } else if let oldData = old.evalsetDataHash, let newData = new.evalsetDataHash {
            if oldData != newData { causes.append(.evalSetContent(evalset: new.evalset, changedCases: changedCases)) }
        } else if old.evalsetHash != new.evalsetHash, !(promptChanged && (changedCases ?? 0) == 0) {
            // Before v14 the eval set's hash was the only one, and it covers the prompts: an edited prompt with no
            // case changed is the prompt's change alone.
            causes.append(.evalSetContent(evalset: new.evalset, changedCases: changedCases))
        }
        if before.model == after.model, let oldPrint = before.fingerprint, let newPrint = after.fingerprint, oldPrint != newPrint {
            causes.append(.fingerprint(old: oldPrint, new: newPrint))
        }
        if before.evalctlVersion != after.evalctlVersion {
            causes.append(.evalctlVersion(old: before.evalctlVersion, new: after.evalctlVersion))
        }
        return causes
    }

    /// What differs between two points of a suite's history (see `causes(from:to:changedCases:)`).
    public static func causes(from before: SuitePoint, to after: SuitePoint, changedCases: Int? = nil) -> [ChangeCause] {
        causes(from: SuiteConditions(before), to: SuiteConditions(after), changedCases: changedCases)
    }

    /// Each field of the backend's configuration that differs; `params` field by field. Nothing when either side
    /// was not recorded, and nothing for a field only one side has (an older evalctl recorded fewer).
    static func backendConfig(_ before: BackendIdentity?, _ after: BackendIdentity?) -> [ChangeCause] {
        guard let before, let after else { return [] }
        var causes: [ChangeCause] = []
        for field in Set(before.fields.keys).intersection(after.fields.keys).sorted() {
            let old = before.fields[field]!, new = after.fields[field]!
            guard old != new else { continue }
            if case .object(let oldMembers) = old, case .object(let newMembers) = new {
                for member in Set(oldMembers.keys).union(newMembers.keys).sorted() where oldMembers[member] != newMembers[member] {
                    causes.append(.backendConfig(field: "\(field).\(member)", old: BackendIdentity.text(oldMembers[member]),
                                                 new: BackendIdentity.text(newMembers[member])))
                }
            } else {
                causes.append(.backendConfig(field: field, old: BackendIdentity.text(old), new: BackendIdentity.text(new)))
            }
        }
        // The server first: a new base_url explains more than a parameter does.
        let order = ["type", "base_url", "url", "model_path", "model"]
        return causes.sorted { rank($0, order) < rank($1, order) }
    }

    private static func rank(_ cause: ChangeCause, _ order: [String]) -> (Int, String) {
        guard case .backendConfig(let field, _, _) = cause else { return (order.count, "") }
        return (order.firstIndex(of: field) ?? order.count, field)
    }
}
