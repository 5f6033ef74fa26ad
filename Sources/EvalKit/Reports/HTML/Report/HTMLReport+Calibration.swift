extension HTMLReport {
    /// The newest run's judges against people's labels (`evalctl judge calibrate`), when any were labelled.
    func calibrationSection(_ calibration: JudgeCalibration) -> String {
        let labelled = calibration.judges.filter { $0.labels > 0 }
        guard !labelled.isEmpty else { return "" }
        var html = """
            <h2 id="judge-calibration">Judge calibration, run \(Self.runLink(calibration.runID))</h2>
            <p class="muted">Each judge's pass/fail (its threshold) against people's labels (the majority of the reviewers' current labels). Cohen's κ with its 95% interval; sensitivity: the judge passes what people pass; specificity: it fails what people fail; the pass rate corrected for the judge's errors (Rogan–Gladen). Trust a judge with κ ≥ 0.6 on at least 30 labels.</p>
            <div class="scroll"><table><thead><tr><th>eval set / prompt / backend</th><th>judge</th><th class="num">labels</th><th class="num">agreement</th><th class="num">κ [95% CI]</th><th class="num">sensitivity</th><th class="num">specificity</th><th class="num">judge pass rate</th><th class="num">corrected</th><th>warnings</th></tr></thead><tbody>

            """
        for judge in labelled {
            let warnings = judge.warnings.isEmpty ? "" : "<span class=\"inconclusive\">⚠️ \(HTMLText.text(judge.warnings.joined(separator: "; ")))</span>"
            html += "<tr><td>\(HTMLText.text(judge.suite.description))</td><td>\(HTMLText.text(judge.scorer))</td><td class=\"num\">\(judge.labels)</td>"
                + "<td class=\"num\">\(CalibrationReport.percent(judge.table.agreement))</td><td class=\"num\">\(HTMLText.text(CalibrationReport.kappa(judge.table)))</td>"
                + "<td class=\"num\">\(CalibrationReport.percent(judge.table.sensitivity))</td><td class=\"num\">\(CalibrationReport.percent(judge.table.specificity))</td>"
                + "<td class=\"num\">\(CalibrationReport.percent(judge.judgePassRate))</td><td class=\"num\">\(CalibrationReport.percent(judge.correctedPassRate))</td>"
                + "<td>\(warnings)</td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }
}
