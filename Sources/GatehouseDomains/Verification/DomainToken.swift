/// Verification tokens: 160 bits from a cryptographically secure generator, in lowercase base32 (32 characters).
public enum DomainToken {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// A fresh token from the system CSPRNG (`getrandom(2)` on Linux).
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        return generate(using: &rng)
    }

    /// - Warning: only pass a seeded generator in tests; a predictable token lets anyone claim the domain.
    public static func generate<G: RandomNumberGenerator>(using rng: inout G) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<20 { bytes.append(UInt8.random(in: .min ... .max, using: &rng)) }
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
