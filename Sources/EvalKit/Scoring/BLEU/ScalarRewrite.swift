/// The `re.sub` rules sacreBLEU's tokenizers use, as scans over code points.
///
/// Every rule's pattern is one or two single-code-point classes, so a left-to-right scan that consumes a
/// whole match before looking for the next one is exactly Python's non-overlapping substitution.
enum ScalarRewrite {
    /// Where a pair rule puts its spaces: `\1 \2 ` or ` \1 \2`.
    enum PairTemplate {
        case spaceBetweenAndAfter
        case spaceBeforeAndBetween
    }

    /// `re.sub(r'(class)', r' \1 ', text)`.
    static func padEach(in text: [Unicode.Scalar], where matches: (Unicode.Scalar) -> Bool) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count + text.count / 2)
        for scalar in text {
            if matches(scalar) {
                result.append(" ")
                result.append(scalar)
                result.append(" ")
            } else {
                result.append(scalar)
            }
        }
        return result
    }

    /// `re.sub(r'(first)(second)', template, text)`: a match consumes both code points, so `a..` rewrites once.
    static func splitPairs(in text: [Unicode.Scalar], first: (Unicode.Scalar) -> Bool, second: (Unicode.Scalar) -> Bool,
                           template: PairTemplate) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count + text.count / 2)
        var index = 0
        while index < text.count {
            guard index + 1 < text.count, first(text[index]), second(text[index + 1]) else {
                result.append(text[index])
                index += 1
                continue
            }
            switch template {
            case .spaceBetweenAndAfter:
                result.append(contentsOf: [text[index], " ", text[index + 1], " "])
            case .spaceBeforeAndBetween:
                result.append(contentsOf: [" ", text[index], " ", text[index + 1]])
            }
            index += 2
        }
        return result
    }
}
