/// `first_object` extraction: the first balanced `{…}` or `[…]` in a text that parses as JSON, in linear time.
///
/// One scan tracks brackets the way JSON does (strings and escapes respected; quotes outside any bracket are prose).
/// A candidate is a bracket pair that is not inside another closed pair; each is parsed once, and a candidate that is
/// not JSON is skipped whole, so an object inside a broken document is never taken for the answer. A bracket that is
/// never closed does not hide what follows it: a second scan looks at the pairs directly inside such brackets. Any
/// nesting deeper than `JSONParser.maximumDepth` (unclosed brackets count) fails the extraction.
struct FirstBalancedValue {
    let bytes: [UInt8]

    private enum Outcome {
        case found(JSONValue)
        case tooDeep(openedAt: Int)
        /// The scan reached the end; these brackets (outermost first) were never closed.
        case exhausted(unclosed: [Int])
    }

    /// How many bytes are scanned between two looks at the task's cancellation.
    private static let cancellationStride = 1 << 16

    func find() throws(CancellationError) -> Result<JSONValue, JSONExtraction.Failure> {
        var outcome = try scan(from: 0, inside: [])
        if case .exhausted(let unclosed) = outcome, let first = unclosed.first {
            // Same scan again from the outermost unclosed bracket (its state there is the same: nothing open, no
            // string), now taking the pairs directly inside the unclosed brackets as candidates.
            outcome = try scan(from: first, inside: Set(unclosed))
        }
        switch outcome {
        case .found(let value):
            return .success(value)
        case .tooDeep(let open):
            return .failure(JSONExtraction.Failure(
                description: "the output's JSON at byte \(open + 1) is too deeply nested (limit \(JSONParser.maximumDepth))"))
        case .exhausted:
            return .failure(JSONExtraction.Failure(description: "the output contains no JSON object or array"))
        }
    }

    /// Scans from `start` with no bracket open; a closed pair is a candidate when no bracket encloses it, or when the
    /// bracket directly enclosing it is one of `parents`.
    private func scan(from start: Int, inside parents: Set<Int>) throws(CancellationError) -> Outcome {
        var open: [Int] = []
        var inString = false
        var escaped = false
        var index = start
        while index < bytes.count {
            if index % FirstBalancedValue.cancellationStride == 0 { try JSONExtraction.checkCancellation() }
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = !open.isEmpty
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                open.append(index)
                if open.count > JSONParser.maximumDepth { return .tooDeep(openedAt: open[0]) }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard let first = open.popLast() else { break }
                let isCandidate = open.last.map(parents.contains) ?? true
                // `{…]` and `[…}` cannot be JSON: not worth a parse.
                let matches = (bytes[first] == UInt8(ascii: "{")) == (byte == UInt8(ascii: "}"))
                if isCandidate, matches, let value = try? JSONParser.parse(bytes[first...index]) {
                    return .found(value)
                }
            default:
                break
            }
            index += 1
        }
        return .exhausted(unclosed: open)
    }
}
