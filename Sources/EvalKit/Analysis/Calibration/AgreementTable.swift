import Foundation

/// A judge's pass/fail verdicts against people's on the same results, as a 2×2 table, and what follows from it:
/// raw agreement, Cohen's κ with its large-sample 95% interval (Fleiss, Cohen & Everitt 1969), the judge's sensitivity
/// (it passes what people pass) and specificity (it fails what people fail), and a pass rate corrected for the judge's
/// errors (Rogan & Gladen 1978).
///
/// ```swift
/// let table = AgreementTable(pairs: [(judge: true, human: true), (judge: true, human: false)])
/// table.kappa   // Cohen's κ, nil when chance agreement is total (every verdict the same on both sides)
/// ```
public struct AgreementTable: Sendable, Hashable {
    /// Judge pass & people pass, judge pass & people fail, judge fail & people pass, judge fail & people fail.
    public let bothPass: Int
    public let judgeOnlyPass: Int
    public let humanOnlyPass: Int
    public let bothFail: Int

    public init(bothPass: Int, judgeOnlyPass: Int, humanOnlyPass: Int, bothFail: Int) {
        self.bothPass = bothPass
        self.judgeOnlyPass = judgeOnlyPass
        self.humanOnlyPass = humanOnlyPass
        self.bothFail = bothFail
    }

    public init(pairs: [(judge: Bool, human: Bool)]) {
        self.init(bothPass: pairs.count { $0.judge && $0.human }, judgeOnlyPass: pairs.count { $0.judge && !$0.human },
                  humanOnlyPass: pairs.count { !$0.judge && $0.human }, bothFail: pairs.count { !$0.judge && !$0.human })
    }

    public var count: Int { bothPass + judgeOnlyPass + humanOnlyPass + bothFail }

    /// The share of results where the judge and people agree; nil without labels.
    public var agreement: Double? {
        count == 0 ? nil : Double(bothPass + bothFail) / Double(count)
    }

    /// Agreement expected by chance from the two sides' pass shares.
    var chanceAgreement: Double? {
        guard count > 0 else { return nil }
        let n = Double(count)
        let judgePass = Double(bothPass + judgeOnlyPass) / n, humanPass = Double(bothPass + humanOnlyPass) / n
        return judgePass * humanPass + (1 - judgePass) * (1 - humanPass)
    }

    /// Cohen's κ = (pₒ − pₑ) / (1 − pₑ); nil without labels or when pₑ = 1 (both sides gave one verdict only, so
    /// agreement beyond chance is undefined — scikit-learn returns NaN there).
    public var kappa: Double? {
        guard let observed = agreement, let chance = chanceAgreement, chance < 1 else { return nil }
        return (observed - chance) / (1 - chance)
    }

    /// The large-sample standard error of κ̂ (Fleiss, Cohen & Everitt 1969, eq. 13) for a 2×2 table.
    public var kappaStandardError: Double? {
        guard let kappa, let chance = chanceAgreement else { return nil }
        let n = Double(count)
        // Cells p_ij (i: judge, j: people; index 0 = pass) and the margins.
        let p = [[Double(bothPass), Double(judgeOnlyPass)], [Double(humanOnlyPass), Double(bothFail)]].map { $0.map { $0 / n } }
        let row = [p[0][0] + p[0][1], p[1][0] + p[1][1]], column = [p[0][0] + p[1][0], p[0][1] + p[1][1]]
        var sum = 0.0
        for i in 0..<2 {
            let term = 1 - (row[i] + column[i]) * (1 - kappa)
            sum += p[i][i] * term * term
        }
        for i in 0..<2 {
            for j in 0..<2 where i != j {
                let margins = column[i] + row[j]
                sum += (1 - kappa) * (1 - kappa) * p[i][j] * margins * margins
            }
        }
        let correction = kappa - chance * (1 - kappa)
        let variance = (sum - correction * correction) / (n * (1 - chance) * (1 - chance))
        return max(0, variance).squareRoot()
    }

    /// κ ± 1.96 standard errors, within −1…1.
    public var kappaInterval: ConfidenceInterval? {
        guard let kappa, let error = kappaStandardError else { return nil }
        return ConfidenceInterval(lower: max(-1, kappa - 1.959964 * error), upper: min(1, kappa + 1.959964 * error))
    }

    /// P(judge passes | people pass); nil when people passed none.
    public var sensitivity: Double? {
        bothPass + humanOnlyPass == 0 ? nil : Double(bothPass) / Double(bothPass + humanOnlyPass)
    }

    /// P(judge fails | people fail); nil when people failed none.
    public var specificity: Double? {
        judgeOnlyPass + bothFail == 0 ? nil : Double(bothFail) / Double(judgeOnlyPass + bothFail)
    }

    /// The true pass rate estimated from the judge's observed one, `judgePassRate`, and its sensitivity and
    /// specificity: (p + Sp − 1) / (Se + Sp − 1), within 0…1 (Rogan & Gladen 1978). Nil when Se + Sp ≤ 1: a judge no
    /// better than chance cannot be corrected for.
    public func correctedPassRate(judgePassRate: Double) -> Double? {
        guard let sensitivity, let specificity, sensitivity + specificity - 1 > 1e-12 else { return nil }
        return min(1, max(0, (judgePassRate + specificity - 1) / (sensitivity + specificity - 1)))
    }
}
