import Testing
@testable import EvalKit

/// Expected digests computed with Python's hashlib.sha256.
@Suite("SHA-256")
struct SHA256Tests {
    @Test("the empty string hashes to the standard vector")
    func empty() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("\"abc\" hashes to the standard vector")
    func abc() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("the 56-byte FIPS 180 message, which needs a second block for padding, hashes correctly")
    func twoBlocks() {
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("one million 'a' characters hash to the standard vector")
    func millionA() {
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("lengths around the padding boundary (55, 56, 63, 64, 65 bytes)", arguments: [
        (55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"),
        (56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"),
        (63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"),
        (64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"),
        (65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(SHA256.hex(String(repeating: "x", count: length)) == digest)
    }

    @Test("strings are hashed as their UTF-8 bytes")
    func utf8() {
        #expect(SHA256.hex("é✓") == "1e77cb71920ad52885fab06465a5fcf2e5f98c0382aab36202689431b93b9fb3")
        #expect(SHA256.hex("é✓") == SHA256.hex(Array("é✓".utf8)))
        #expect(SHA256.digest([]).count == 32)
    }
}
