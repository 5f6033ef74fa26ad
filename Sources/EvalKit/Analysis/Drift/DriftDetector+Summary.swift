import Foundation

/// The one-line summaries of ``DriftFinding``, stating the method so a reader can weigh the alarm.
extension DriftDetector {
    func methodText(sampled: Bool) -> String {
        sampled
            ? "sampling-aware chart: single-run limit \(Self.plain(singleRunLimit)) SE, CUSUM h=\(Self.plain(samplingThreshold)) k=\(Self.plain(slack)) SE"
            : "self-starting CUSUM h=\(Self.plain(threshold))σ k=\(Self.plain(slack))σ"
    }

    func shiftSummary(_ finding: DriftFinding, sampled: Bool = false, outliers: [String] = [], runName: (Int) -> String) -> String {
        guard let direction = finding.direction, let change = finding.changeIndex, let alarm = finding.alarmIndex,
              let before = finding.levelBefore, let after = finding.levelAfter else { return "" }
        let decimals = Self.decimals(noise: finding.noise)
        var text = "\(direction.rawValue) \(amount(after - before, relativeTo: before, decimals: decimals)) "
            + "from run \(runName(change)) (level \(level(before, decimals)) → \(level(after, decimals)), "
            + "noise \(level(finding.noise, decimals)); alarm at run \(runName(alarm)); \(methodText(sampled: sampled)))"
        if !finding.earlierChangeIndices.isEmpty {
            let runs = finding.earlierChangeIndices.map(runName).joined(separator: ", ")
            text += finding.earlierChangeIndices.count == 1 ? "; earlier shift from run \(runs)" : "; earlier shifts from runs \(runs)"
        }
        return text + Self.outlierText(outliers)
    }

    func steadySummary(runs: Int, level value: Double, noise: Double, sampled: Bool = false, outliers: [String] = []) -> String {
        let decimals = Self.decimals(noise: noise)
        return "no sustained shift in \(runs) runs (level \(level(value, decimals)), noise \(level(noise, decimals)); \(methodText(sampled: sampled)))"
            + Self.outlierText(outliers)
    }

    /// "; one-night outlier set aside: run 7".
    static func outlierText(_ outliers: [String]) -> String {
        guard !outliers.isEmpty else { return "" }
        return outliers.count == 1 ? "; one-night outlier set aside: run \(outliers[0])" : "; one-night outliers set aside: runs \(outliers.joined(separator: ", "))"
    }

    func tooFewRunsSummary(runs: Int) -> String {
        "too few runs to judge drift: \(runs) with a value, needs at least \(referenceRuns + 1) "
            + "(\(referenceRuns) to set the level and noise, then 1 to monitor)"
    }

    /// The size of the shift `change`; for measures also relative to the level before, since "+70 ms" means little alone.
    private func amount(_ change: Double, relativeTo before: Double, decimals: Int) -> String {
        switch units {
        case .fraction:
            return String(format: "%.1f points", abs(change) * 100)
        case .measure(let unit):
            let absolute = "\(String(format: "%.\(decimals)f", abs(change))) \(unit)"
            guard before != 0 else { return absolute }
            return "\(absolute) (\(String(format: "%+.1f", change / abs(before) * 100))%)"
        }
    }

    private func level(_ value: Double, _ decimals: Int) -> String {
        let number = String(format: "%.\(decimals)f", value)
        if case .measure(let unit) = units { return "\(number) \(unit)" }
        return number
    }

    /// Enough decimals to show the noise to two significant digits, so levels are shown to the precision that matters.
    static func decimals(noise: Double) -> Int {
        guard noise > 0 else { return 3 }
        return min(6, max(0, 1 - Int(log10(noise).rounded(.down))))
    }

    private static func plain(_ value: Double) -> String {
        String(format: "%g", value)
    }
}
