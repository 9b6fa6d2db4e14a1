import CP256Comb
import Crypto
import Synchronization

/// A P-256 public key's precomputed comb table (`gh_p256.c`): ES256 verification in about half the time of
/// swift-crypto's, for keys that verify many tokens (an issuer's signing keys).
///
/// The arithmetic is BoringSSL's own nistz256 assembly inside swift-crypto; only the table and its walk are
/// Gatehouse's. `init` returns nil where that fast path is unavailable (not x86-64 Linux, no AVX, a swift-crypto
/// without those routines, or a failed known-answer test): callers then verify with swift-crypto, with the same
/// result and only the speed differing.
final class P256CombTable: @unchecked Sendable {
    // Immutable after init; gh_p256_verify only reads it.
    private let table: OpaquePointer

    /// Whether the fast path runs in this process.
    static var isAvailable: Bool { gh_p256_available() == 1 }

    /// Additions redone with the complete formula (partial sum equal or opposite to the table point), process-wide.
    static var completeAdditions: UInt { UInt(gh_p256_complete_additions()) }

    /// A cap on the tables alive at once. A JWKS may list thousands of keys (up to the 1 MB fetch limit) and a
    /// token's `kid` picks which one is used, so without a cap a hostile or broken IdP document could make Gatehouse
    /// build a 150 KB table per key; past the cap keys verify with swift-crypto (slower, same answers).
    final class Budget: Sendable {
        let limit: Int
        private let live = Atomic<Int>(0)

        init(limit: Int) { self.limit = limit }

        /// Process-wide: 64 tables, 9.6 MB.
        static let shared = Budget(limit: 64)

        var liveCount: Int { live.load(ordering: .relaxed) }

        func reserve() -> Bool {
            var current = live.load(ordering: .relaxed)
            while current < limit {
                let (exchanged, original) = live.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
                if exchanged { return true }
                current = original
            }
            return false
        }

        func release() { live.subtract(1, ordering: .relaxed) }
    }

    private let budget: Budget

    /// Builds the table (~150 KB, ~1 ms) for an uncompressed point `x || y` (64 bytes); nil if the fast path is
    /// unavailable, the point is not on P-256, or `budget` is spent.
    init?(rawRepresentation: some Collection<UInt8>, budget: Budget = .shared) {
        let bytes = Array(rawRepresentation)
        guard bytes.count == 64, budget.reserve() else { return nil }
        let made = bytes.withUnsafeBufferPointer { buffer in
            gh_p256_table_new(buffer.baseAddress!, buffer.baseAddress! + 32)
        }
        guard let made else {
            budget.release()
            return nil
        }
        table = made
        self.budget = budget
    }

    deinit {
        gh_p256_table_free(table)
        budget.release()
    }

    /// Verifies an ES256 signature `r || s` (64 bytes) over `digest`. False for any other length.
    func isValidSignature(_ signature: [UInt8], digest: SHA256.Digest) -> Bool {
        guard signature.count == 64 else { return false }
        return digest.withUnsafeBytes { digestBytes in
            signature.withUnsafeBytes { signatureBytes in
                gh_p256_verify(table, digestBytes.baseAddress!, signatureBytes.baseAddress!) == 1
            }
        }
    }
}
