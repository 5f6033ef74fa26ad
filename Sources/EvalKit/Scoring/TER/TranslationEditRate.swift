/// sacreBLEU's `translation_edit_rate`: the fewest edits (insertions, deletions, substitutions of words, and shifts
/// of word sequences) that turn a hypothesis into a reference, as Tercom searches for them.
///
/// Shifts are searched greedily, as in Tercom and sacreBLEU, with their caps kept exactly so results agree: a
/// shifted sequence is at most `maxShiftSize` words, moves between positions at most `maxShiftDistance` apart, and
/// at most `maxShiftCandidates` shifts are tried per segment (the search stops, discarding that round's best shift,
/// once the count is reached). Each candidate costs one banded edit distance, so a segment costs at most about
/// 1,000 × (hypothesis words × 50 + reference words) cell updates.
enum TranslationEditRate {
    static let maxShiftSize = 10
    static let maxShiftDistance = 50
    static let maxShiftCandidates = 1_000

    /// The edits from `hypothesis` to `reference` (words as ids: equal words, equal ids) and the reference length.
    static func edits(hypothesis: [Int32], reference: [Int32]) -> (edits: Int, referenceLength: Int) {
        // An empty reference: every hypothesis word is deleted.
        guard !reference.isEmpty else { return (hypothesis.count, 0) }
        var distance = BeamEditDistance(reference: reference, hypothesisLength: hypothesis.count)
        var scratch = BeamEditDistance.Scratch()
        var words = hypothesis
        var shifts = 0
        var checkedCandidates = 0
        while true {
            let round = bestShift(words, reference: reference, distance: &distance, scratch: &scratch, checked: &checkedCandidates)
            if checkedCandidates >= maxShiftCandidates { break }
            guard let round, round.gain > 0 else { break }
            shifts += 1
            words = round.words
        }
        return (shifts + distance.prepare(words).distance, reference.count)
    }

    /// sacreBLEU's `_shift`: the shift that lowers the distance most, ranked as Tercom ranks them (gain, then the
    /// longer sequence, then the earlier start, then the earlier target); nil when no shift is worth trying.
    static func bestShift(_ words: [Int32], reference: [Int32], distance: inout BeamEditDistance,
                          scratch: inout BeamEditDistance.Scratch, checked: inout Int) -> (gain: Int, words: [Int32])? {
        let (before, trace) = distance.prepare(words)
        let alignment = Alignment(trace)
        var best: (gain: Int, length: Int, start: Int, target: Int)?
        var hypothesisErrors = 0, referenceErrors = 0
        shiftedPairs(words, reference) { start, referenceStart, length in
            // Running sums over the growing sequence: sacreBLEU's sums of `hyp_err` and `ref_err` slices.
            if length == 1 { (hypothesisErrors, referenceErrors) = (0, 0) }
            hypothesisErrors += alignment.hypothesisErrors[start + length - 1]
            referenceErrors += alignment.referenceErrors[referenceStart + length - 1]
            // Only shift words that are wrong where they are to where the reference is not matched already, and not
            // within the sequence itself.
            guard hypothesisErrors > 0, referenceErrors > 0 else { return true }
            let aligned = alignment.hypothesisPosition[referenceStart]
            if start <= aligned, aligned < start + length { return true }
            var previousTarget = -1
            for offset in -1..<length {
                // Unlike Tercom, which inserts after the index, sacreBLEU inserts before it.
                let target = referenceStart + offset == -1 ? 0 : alignment.hypothesisPosition[referenceStart + offset] + 1
                if target == previousTarget { continue }
                previousTarget = target
                let shifted = perform(words, start: start, length: length, target: target)
                let candidate = (gain: before - distance.distance(shifted, scratch: &scratch), length: length, start: start, target: target)
                checked += 1
                if best.map({ isRankedHigher(candidate, than: $0) }) ?? true { best = candidate }
            }
            return checked < maxShiftCandidates
        }
        return best.map { ($0.gain, perform(words, start: $0.start, length: $0.length, target: $0.target)) }
    }

    /// sacreBLEU compares `(gain, length, -start, -target, words)` tuples; equal first four mean equal words.
    private static func isRankedHigher(_ candidate: (gain: Int, length: Int, start: Int, target: Int),
                                       than best: (gain: Int, length: Int, start: Int, target: Int)) -> Bool {
        if candidate.gain != best.gain { return candidate.gain > best.gain }
        if candidate.length != best.length { return candidate.length > best.length }
        if candidate.start != best.start { return candidate.start < best.start }
        return candidate.target < best.target
    }

    /// sacreBLEU's `_find_shifted_pairs`, in its order: for each hypothesis position and each reference position at
    /// most `maxShiftDistance` away, each length (up to `maxShiftSize`) of the word sequence they share. `visit`
    /// returns false to stop.
    static func shiftedPairs(_ hypothesis: [Int32], _ reference: [Int32], visit: (_ start: Int, _ referenceStart: Int, _ length: Int) -> Bool) {
        for start in hypothesis.indices {
            let first = max(0, start - maxShiftDistance), last = min(reference.count - 1, start + maxShiftDistance)
            guard first <= last else { continue }
            for referenceStart in first...last {
                var length = 0
                while length < maxShiftSize, start + length < hypothesis.count, referenceStart + length < reference.count,
                      hypothesis[start + length] == reference[referenceStart + length] {
                    length += 1
                    guard visit(start, referenceStart, length) else { return }
                }
            }
        }
    }

    /// sacreBLEU's `_perform_shift`: the `length` words at `start` moved to before position `target`.
    static func perform(_ words: [Int32], start: Int, length: Int, target: Int) -> [Int32] {
        let block = words[start..<(start + length)]
        if target < start {
            return Array(words[..<target] + block + words[target..<start] + words[(start + length)...])
        }
        if target > start + length {
            return Array(words[..<start] + words[(start + length)..<target] + block + words[target...])
        }
        // A target within the sequence: Python's slices clamp at the end of the list.
        let end = min(words.count, length + target)
        return Array(words[..<start] + words[(start + length)..<end] + block + words[end...])
    }

    /// sacreBLEU's `trace_to_alignment` of the flipped trace: for each reference word the hypothesis position it is
    /// aligned with (−1 before the first), and which words of each side are errors.
    struct Alignment {
        var hypothesisPosition: [Int] = []
        var hypothesisErrors: [Int] = []
        var referenceErrors: [Int] = []

        init(_ trace: [BeamEditDistance.Operation]) {
            var hypothesisIndex = -1
            for operation in trace {
                switch operation {
                case .match, .substitution:
                    hypothesisIndex += 1
                    hypothesisPosition.append(hypothesisIndex)
                    let error = operation == .substitution ? 1 : 0
                    hypothesisErrors.append(error)
                    referenceErrors.append(error)
                case .deletion:
                    hypothesisIndex += 1
                    hypothesisErrors.append(1)
                case .insertion:
                    hypothesisPosition.append(hypothesisIndex)
                    referenceErrors.append(1)
                case .undefined:
                    break
                }
            }
        }
    }
}
