import Testing
@testable import EvalKit

@Suite("DriftDetector: sustained shifts in a per-run series")
struct DriftDetectorTests {
    static let passRate = DriftDetector(minimumShift: 0.02)

    static func flat(_ count: Int, at level: Double) -> [Double?] {
        [Double?](repeating: level, count: count)
    }

    @Test("a perfectly flat history then a drop of 1.5 × minimumShift: detected within three runs, at the right run")
    func flatHistoryThenShift() {
        let finding = Self.passRate.detect(Self.flat(15, at: 0.80) + Self.flat(10, at: 0.77))
        #expect(finding.drifted)
        #expect(finding.direction == .down)
        #expect(finding.changeIndex == 15)
        #expect((15...17).contains(finding.alarmIndex ?? -1), "\(finding.summary)")
        #expect(abs((finding.levelBefore ?? 0) - 0.80) < 1e-12)
        #expect(abs((finding.levelAfter ?? 0) - 0.77) < 1e-12)
        #expect(finding.noise == 0.01, "a flat history's noise is the floor, minimumShift / 2")
        #expect(finding.runsUsed == 25)
        #expect(finding.summary
            == "down 3.0 points from run 15 (level 0.800 → 0.770, noise 0.010; alarm at run \(finding.alarmIndex ?? -1); self-starting CUSUM h=5σ k=0.5σ)")
    }

    @Test("a perfectly flat history then a shift of 0.25 × minimumShift: not detected")
    func wiggleBelowMinimumShift() {
        let finding = Self.passRate.detect(Self.flat(15, at: 0.80) + Self.flat(15, at: 0.805))
        #expect(!finding.drifted, "\(finding.summary)")
        #expect(finding.changeIndex == nil && finding.alarmIndex == nil && finding.direction == nil)
        #expect(finding.summary.hasPrefix("no sustained shift in 30 runs (level 0.80"), "\(finding.summary)")
    }

    @Test("an upward shift is reported as up")
    func upwardShift() {
        var noise = GaussianNoise(seed: 3)
        let finding = Self.passRate.detect(noise.series(count: 30, level: 0.70, sigma: 0.02, shift: 0.08, shiftAt: 18))
        #expect(finding.drifted)
        #expect(finding.direction == .up)
        #expect((16...20).contains(finding.changeIndex ?? -1), "\(finding.summary)")
        #expect((finding.levelAfter ?? 0) > (finding.levelBefore ?? 1))
        #expect(finding.summary.hasPrefix("up "), "\(finding.summary)")
    }

    @Test("gaps are skipped and every index still points into the input array")
    func gapsKeepInputIndices() {
        var noise = GaussianNoise(seed: 11)
        let compact = noise.series(count: 30, level: 0.80, sigma: 0.02, shift: -0.08, shiftAt: 15)
        // Gaps every fourth input slot and a NaN, which counts as a gap too.
        var gapped: [Double?] = []
        var inputIndexOf: [Int] = []
        for value in compact {
            while gapped.count % 4 == 3 { gapped.append(gapped.count == 11 ? .nan : nil) }
            inputIndexOf.append(gapped.count)
            gapped.append(value)
        }
        let expected = Self.passRate.detect(compact)
        let finding = Self.passRate.detect(gapped)
        #expect(expected.drifted && finding.drifted)
        #expect(finding.runsUsed == 30)
        #expect(finding.changeIndex == expected.changeIndex.map { inputIndexOf[$0] })
        #expect(finding.alarmIndex == expected.alarmIndex.map { inputIndexOf[$0] })
        #expect(finding.changeIndex.map { gapped[$0] != nil } == true)
        #expect(finding.changeIndex.map { gapped[$0] } == expected.changeIndex.map { compact[$0] })
        #expect(finding.levelBefore == expected.levelBefore && finding.levelAfter == expected.levelAfter)
        #expect(finding.noise == expected.noise && finding.direction == expected.direction)
    }

    @Test("a gap right at the change: the change index is the first run of the new level that has a value")
    func gapAtChange() {
        let values: [Double?] = Self.flat(12, at: 0.80) + [nil, nil] + Self.flat(8, at: 0.70)
        let finding = Self.passRate.detect(values)
        #expect(finding.changeIndex == 14)
        #expect(finding.runsUsed == 20)
    }

    @Test("too few runs: not drifted, and the summary says how many are needed", arguments: [5, 8])
    func tooFewRuns(baselineRuns: Int) {
        var detector = Self.passRate
        detector.baselineRuns = baselineRuns
        let values: [Double?] = [0.8, nil, 0.5] + Self.flat(baselineRuns - 2, at: 0.2)
        let finding = detector.detect(values)
        #expect(!finding.drifted && finding.changeIndex == nil)
        #expect(finding.runsUsed == baselineRuns)
        #expect(finding.summary.contains("\(baselineRuns) with a value, needs at least \(baselineRuns + 1)"), "\(finding.summary)")
        // One more run is enough to be judged.
        #expect(!detector.detect(values + [0.2]).summary.hasPrefix("too few"))
        #expect(detector.detect([]).runsUsed == 0)
    }

    @Test("a one-night dip of 2σ that recovers is not a shift")
    func oneNightDip() {
        let finding = Self.passRate.detect(Self.flat(20, at: 0.80) + [0.78] + Self.flat(9, at: 0.80))
        #expect(!finding.drifted, "\(finding.summary)")
        var noise = GaussianNoise(seed: 5)
        var noisy = noise.series(count: 30, level: 0.80, sigma: 0.02)
        let quiet = Self.passRate.detect(noisy)
        noisy[20] = noisy[20].map { $0 - 0.04 }
        #expect(!quiet.drifted && !Self.passRate.detect(noisy).drifted)
    }

    @Test("a single huge jump on the last night alarms at once: a jump that large is news")
    func hugeLastNightJump() {
        var noise = GaussianNoise(seed: 8)
        var values = noise.series(count: 29, level: 0.80, sigma: 0.01)
        #expect(!Self.passRate.detect(values).drifted)
        values.append(0.80 - 0.10)
        let finding = Self.passRate.detect(values)
        #expect(finding.drifted && finding.direction == .down)
        #expect(finding.changeIndex == 29 && finding.alarmIndex == 29)
    }

    @Test("after a shift the detector starts again and reports the most recent one, listing the earlier")
    func reportsMostRecentShift() {
        let values = Self.flat(12, at: 0.80) + Self.flat(12, at: 0.70) + Self.flat(12, at: 0.79)
        let finding = Self.passRate.detect(values)
        #expect(finding.drifted && finding.direction == .up)
        #expect(finding.changeIndex == 24)
        #expect(finding.earlierChangeIndices == [12])
        #expect(abs((finding.levelBefore ?? 0) - 0.70) < 1e-12, "the level since the earlier shift")
        #expect(abs((finding.levelAfter ?? 0) - 0.79) < 1e-12)
        #expect(finding.summary.hasSuffix("; earlier shift from run 12"), "\(finding.summary)")
    }

    @Test("measures read in their unit and relative to the level before")
    func measureUnits() {
        var latency = DriftDetector(minimumShift: 40)
        latency.units = .measure("ms")
        let finding = latency.detect(Self.flat(15, at: 840) + Self.flat(10, at: 910))
        #expect(finding.summary.hasPrefix("up 70 ms (+8.3%) from run 15 (level 840 ms → 910 ms, noise 20 ms; alarm at run"),
                "\(finding.summary)")
    }

    @Test("run names replace indices in the summary; the indices stay indices")
    func runNames() {
        let values = Self.flat(8, at: 0.80) + Self.flat(8, at: 0.60) + Self.flat(8, at: 0.80)
        let finding = Self.passRate.detect(values, runNames: values.indices.map { "#\(400 + $0)" })
        #expect(finding.changeIndex == 16 && finding.earlierChangeIndices == [8])
        #expect(finding.summary.hasPrefix("up 20.0 points from run #416 (level 0.600 → 0.800"), "\(finding.summary)")
        #expect(finding.summary.contains("alarm at run #\(400 + (finding.alarmIndex ?? 0));"), "\(finding.summary)")
        #expect(finding.summary.hasSuffix("; earlier shift from run #408"), "\(finding.summary)")
        let three = Self.passRate.detect(values + Self.flat(8, at: 0.60))
        #expect(three.summary.hasSuffix("; earlier shifts from runs 8, 16"), "\(three.summary)")
    }

    @Test("without a noise floor, any change from a perfectly flat history alarms; no change never does")
    func zeroFloor() {
        let detector = DriftDetector(minimumShift: 0)
        #expect(detector.detect(Self.flat(10, at: 0.5) + [0.5001]).changeIndex == 10)
        let steady = detector.detect(Self.flat(10, at: 0.5))
        #expect(!steady.drifted && steady.noise == 0)
    }

    @Test("one very bad night in the middle of a long steady history is not a shift once the series has recovered")
    func singleOutlierIsNotAShift() {
        var values: [Double?] = (0..<50).map { 0.70 + ($0 % 2 == 0 ? 0.004 : -0.004) }
        values[25] = 0.45
        let finding = DriftDetector(minimumShift: 0.02).detect(values)
        #expect(!finding.drifted, "\(finding.summary)")
    }
}
