import Foundation

extension BLEU {
    /// The sacreBLEU release whose behaviour this implementation reproduces, as signatures report it.
    public static let sacreBLEUVersion = SacreBLEU.version

    /// sacreBLEU's reproducibility signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
    ///
    /// `referenceCount` nil means segments have different numbers of references (`nrefs:var`); pass
    /// `effectiveOrder: true` for sentence scores (`eff:yes`). Smoothing values show as `floor[0.10]`.
    public func signature(referenceCount: Int?, effectiveOrder: Bool) -> String {
        var smooth = smoothing.method
        if let value = smoothing.value { smooth += "[\(String(format: "%.2f", value))]" }
        return [
            "nrefs:\(referenceCount.map(String.init) ?? "var")",
            "case:\(lowercase ? "lc" : "mixed")",
            "eff:\(effectiveOrder ? "yes" : "no")",
            "tok:\(tokenizer.rawValue)",
            "smooth:\(smooth)",
            "version:\(Self.sacreBLEUVersion)",
        ].joined(separator: "|")
    }

    /// The reference count a signature reports for `referencesBySegment`: nil (`var`) when it varies between
    /// segments, or when there are no segments, as in sacreBLEU.
    public static func referenceCount(_ referencesBySegment: [[String]]) -> Int? {
        let counts = Set(referencesBySegment.map(\.count))
        return counts.count == 1 ? counts.first : nil
    }
}
