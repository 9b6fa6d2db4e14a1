import Synchronization

/// SAML IDs, codes and tokens: from a seed (byte-stable output for tests) or from the system's randomness.
public final class IDGenerator: Sendable {
    private let state: Mutex<UInt64?>

    public init(seed: UInt64? = nil) { state = Mutex(seed) }

    /// 20 random bytes as 40 hex characters, prefixed (a SAML ID must not start with a digit).
    public func next(prefix: String = "_") -> String {
        var out = prefix
        for _ in 0..<5 { out += hex(nextWord()).suffix(8) }
        return out
    }

    /// A number in [0, 1): seeded when the generator is.
    public func nextUnit() -> Double { Double(nextWord() >> 11) / Double(1 << 53) }

    private func nextWord() -> UInt64 {
        state.withLock { seed in
            guard var s = seed else { return UInt64.random(in: .min ... .max) }
            // SplitMix64.
            s &+= 0x9E37_79B9_7F4A_7C15
            seed = s
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
