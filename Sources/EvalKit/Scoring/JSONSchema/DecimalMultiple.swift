/// `multipleOf` decided in decimal, as the schema author wrote the numbers, not in binary floating point.
///
/// `0.0075` is not a multiple of `0.0001` in `Double` arithmetic (the quotient is 74.99999999999999), yet it is in
/// the decimal notation both were written in. Each number is read back as its shortest decimal digits
/// (`m × 10^e`, which round-trips to the same `Double`), and divisibility of those integers is decided exactly.
enum DecimalMultiple {
    static func isMultiple(_ value: Double, of divisor: Double) -> Bool {
        guard value.isFinite, divisor.isFinite, divisor != 0 else { return false }
        if value == 0 { return true }
        guard let dividend = Digits(value), let divisor = Digits(divisor) else { return false }
        if dividend.exponent >= divisor.exponent {
            // m1 × 10^(e1 - e2) must be divisible by m2.
            let scale = powerOfTen(dividend.exponent - divisor.exponent, modulo: divisor.mantissa)
            return multiply(dividend.mantissa % divisor.mantissa, scale, modulo: divisor.mantissa) == 0
        }
        // m1 must be divisible by m2 × 10^(e2 - e1), which cannot be when that exceeds m1.
        var scaled = divisor.mantissa
        for _ in 0..<(divisor.exponent - dividend.exponent) {
            let (product, overflow) = scaled.multipliedReportingOverflow(by: 10)
            if overflow || product > dividend.mantissa { return false }
            scaled = product
        }
        return dividend.mantissa % scaled == 0
    }

    /// A positive finite number as `mantissa × 10^exponent`, the mantissa without trailing zeros.
    private struct Digits {
        var mantissa: UInt64
        var exponent: Int

        init?(_ number: Double) {
            let text = "\(number.magnitude)"
            let parts = text.lowercased().split(separator: "e", omittingEmptySubsequences: false)
            var exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            var digits = ""
            var afterPoint = false
            for character in parts[0] {
                if character == "." {
                    afterPoint = true
                } else {
                    digits.append(character)
                    if afterPoint { exponent -= 1 }
                }
            }
            while digits.count > 1, digits.hasSuffix("0") {
                digits.removeLast()
                exponent += 1
            }
            guard let mantissa = UInt64(digits), mantissa > 0 else { return nil }
            self.mantissa = mantissa
            self.exponent = exponent
        }
    }

    private static func multiply(_ lhs: UInt64, _ rhs: UInt64, modulo modulus: UInt64) -> UInt64 {
        let product = lhs.multipliedFullWidth(by: rhs)
        return modulus.dividingFullWidth((high: product.high, low: product.low)).remainder
    }

    private static func powerOfTen(_ exponent: Int, modulo modulus: UInt64) -> UInt64 {
        var result: UInt64 = 1 % modulus
        var base: UInt64 = 10 % modulus
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = multiply(result, base, modulo: modulus) }
            base = multiply(base, base, modulo: modulus)
            remaining >>= 1
        }
        return result
    }
}
