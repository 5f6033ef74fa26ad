/// What the sacreBLEU-exact metrics (BLEU, chrF, TER) share: the release they reproduce and its signatures' form.
public enum SacreBLEU {
    /// The sacreBLEU release whose behaviour evalctl reproduces, as signatures report it.
    public static let version = "2.6.0"

    /// sacreBLEU's `Signature.format()`: `key:value` pairs joined by `|`, `nrefs` first and `version` last.
    static func signature(referenceCount: Int?, _ fields: KeyValuePairs<String, String>) -> String {
        (["nrefs:\(referenceCount.map(String.init) ?? "var")"] + fields.map { "\($0.key):\($0.value)" } + ["version:\(version)"])
            .joined(separator: "|")
    }

    /// A Python bool as a signature shows it.
    static func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }

    /// A number in a JSON object: the shortest text that reads back as the same `Double`; null when not finite.
    static func jsonNumber(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
