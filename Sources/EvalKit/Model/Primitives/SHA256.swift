import Foundation

/// SHA-256 (FIPS 180-4), for content hashes of eval sets, cases and prompts.
///
/// Foundation on Linux has no CryptoKit, and swift-crypto would cost build minutes for one function.
public enum SHA256 {
    /// The lowercase hex digest of `string`'s UTF-8 bytes, read in place (no copy of a large text).
    public static func hex(_ string: String) -> String {
        var string = string
        return string.withUTF8 { hex(digest: digest(buffer: $0)) }
    }

    /// A digest kept as 32 bytes inline (no heap string per hashed thing), written out as hex when needed.
    public struct Digest: Sendable, Hashable {
        private let words: (UInt64, UInt64, UInt64, UInt64)

        /// The digest of `string`'s UTF-8 bytes.
        public init(of string: String) {
            var string = string
            let bytes = string.withUTF8 { SHA256.digest(buffer: $0) }
            func word(_ at: Int) -> UInt64 { bytes[at..<at + 8].reduce(0) { $0 << 8 | UInt64($1) } }
            words = (word(0), word(8), word(16), word(24))
        }

        /// The lowercase hex digest, as `SHA256.hex` gives it.
        public var hex: String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(32)
            for word in [words.0, words.1, words.2, words.3] {
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
            }
            return SHA256.hex(digest: bytes)
        }

        public static func == (lhs: Digest, rhs: Digest) -> Bool {
            lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        hex(digest: digest(bytes))
    }

    fileprivate static func hex(digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A digest taken piece by piece, for content too large to gather into one string first. A copy carries on
    /// from where the original was: two digests that share a beginning hash it once.
    public struct Running: Sendable {
        private var state: [UInt32] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
        ]
        private var schedule = [UInt32](repeating: 0, count: 64)
        /// Bytes of an unfinished 64-byte block.
        private var block: [UInt8] = []
        private var length: UInt64 = 0

        public init() {
            block.reserveCapacity(64)
        }

        public mutating func update(_ string: String) {
            var string = string
            string.withUTF8 { update($0) }
        }

        public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
            length += UInt64(bytes.count)
            var offset = 0
            if !block.isEmpty {
                let take = min(64 - block.count, bytes.count)
                block.append(contentsOf: bytes[0..<take])
                offset = take
                guard block.count == 64 else { return }
                block.withUnsafeBufferPointer { SHA256.compress($0, state: &state, schedule: &schedule) }
                block.removeAll(keepingCapacity: true)
            }
            while bytes.count - offset >= 64 {
                SHA256.compress(UnsafeBufferPointer(rebasing: bytes[offset..<offset + 64]), state: &state, schedule: &schedule)
                offset += 64
            }
            block.append(contentsOf: bytes[offset...])
        }

        /// The 32-byte digest of everything given so far.
        public func finalize() -> [UInt8] {
            var copy = self
            let bitLength = length * 8
            var tail = block
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            for shift in stride(from: 56, through: 0, by: -8) {
                tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
            }
            tail.withUnsafeBufferPointer { padded in
                for chunkStart in stride(from: 0, to: padded.count, by: 64) {
                    SHA256.compress(UnsafeBufferPointer(rebasing: padded[chunkStart..<chunkStart + 64]), state: &copy.state, schedule: &copy.schedule)
                }
            }
            return copy.state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
        }

        public func hex() -> String {
            SHA256.hex(digest: finalize())
        }
    }

    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { digest(buffer: $0) }
    }

    /// Whole 64-byte blocks are read from `bytes` where they are; only the last one or two, padded, are copied.
    private static func digest(buffer bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var running = Running()
        running.update(bytes)
        return running.finalize()
    }

    /// One 64-byte block into the state.
    fileprivate static func compress(_ chunk: UnsafeBufferPointer<UInt8>, state: inout [UInt32], schedule: inout [UInt32]) {
        for index in 0..<16 {
            let base = chunk.startIndex + index * 4
            schedule[index] = UInt32(chunk[base]) << 24 | UInt32(chunk[base + 1]) << 16
                | UInt32(chunk[base + 2]) << 8 | UInt32(chunk[base + 3])
        }
        for index in 16..<64 {
            let s0 = rotate(schedule[index - 15], 7) ^ rotate(schedule[index - 15], 18) ^ (schedule[index - 15] >> 3)
            let s1 = rotate(schedule[index - 2], 17) ^ rotate(schedule[index - 2], 19) ^ (schedule[index - 2] >> 10)
            schedule[index] = schedule[index - 16] &+ s0 &+ schedule[index - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        for index in 0..<64 {
            let sum1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
            let choice = (e & f) ^ (~e & g)
            let temp1 = h &+ sum1 &+ choice &+ roundConstants[index] &+ schedule[index]
            let sum0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let temp2 = sum0 &+ majority
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ temp2)
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
    }

    private static func rotate(_ value: UInt32, _ amount: UInt32) -> UInt32 {
        (value >> amount) | (value << (32 - amount))
    }
}
