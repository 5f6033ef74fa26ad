extension BLEUScore {
    /// One JSON object, keys in this order: `score`, `precisions`, `bp`, `sys_len`, `ref_len`, `signature`.
    /// Numbers are unrounded (shortest text that reads back as the same `Double`).
    public func json(signature: String) -> String {
        let precisionText = precisions.map(Self.jsonNumber).joined(separator: ", ")
        return #"{"score": \#(Self.jsonNumber(score)), "precisions": [\#(precisionText)], "bp": \#(Self.jsonNumber(bp)), "#
            + #""sys_len": \#(sysLen), "ref_len": \#(refLen), "signature": \#(JSONValue.string(signature).canonicalJSON)}"#
    }

    private static func jsonNumber(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
