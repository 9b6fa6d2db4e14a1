/// Request IDs for one connection without a system call each: 64 bits drawn from the system CSPRNG once, then a
/// counter mixed by SplitMix64's finaliser (a bijection, so IDs never repeat within a connection, and two
/// connections collide only if their random starts land within a few million of each other: about 2^-40).
/// Like ``RandomToken/requestID()``, 16 hex digits; a request ID finds a request in the logs and is not a secret.
struct RequestIDSequence {
    private var state: UInt64

    init() {
        var generator = SystemRandomNumberGenerator()
        state = generator.next()
    }

    mutating func next() -> String {
        let value = nextValue()
        return String(unsafeUninitializedCapacity: 16) { out in
            Self.writeHex(value, into: UnsafeMutableRawBufferPointer(out))
            return 16
        }
    }

    /// The next ID written as 16 hex digits into the first 16 bytes of `out` (no String made).
    mutating func next(into out: UnsafeMutableRawBufferPointer) {
        Self.writeHex(nextValue(), into: out)
    }

    private mutating func nextValue() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z
    }

    static func hex(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { out in
            writeHex(value, into: UnsafeMutableRawBufferPointer(out))
            return 16
        }
    }

    private static func writeHex(_ value: UInt64, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 16)
        for i in 0..<16 {
            let nibble = UInt8((value >> UInt64(60 - 4 * i)) & 0xF)
            out[i] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
        }
    }
}
