import Crypto
import Synchronization

/// A P-256 public key from a JWKS: swift-crypto validated it (point on the curve) and verifies with it when the comb
/// table is unavailable; otherwise the key's ``P256CombTable``, built on first use, does the verifying.
final class P256VerificationKey: Sendable {
    let publicKey: P256.Signing.PublicKey
    private let table = Mutex<TableState>(.notBuilt)

    private enum TableState {
        case notBuilt
        case built(P256CombTable)
        case unavailable
    }

    private let budget: P256CombTable.Budget

    init(_ publicKey: P256.Signing.PublicKey, budget: P256CombTable.Budget = .shared) {
        self.publicKey = publicKey
        self.budget = budget
    }

    /// Whether verification goes through the comb table (builds it on first call). For tests and the benchmark.
    var usesCombTable: Bool { combTable() != nil }

    /// Verifies an ES256 signature `r || s` over `input` (SHA-256).
    func isValidSignature(_ signature: [UInt8], over input: [UInt8]) -> Bool {
        let digest = SHA256.hash(data: input)
        if let table = combTable() {
            return table.isValidSignature(signature, digest: digest)
        }
        guard let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
        return publicKey.isValidSignature(parsed, for: digest)
    }

    private func combTable() -> P256CombTable? {
        table.withLock { state in
            switch state {
            case .built(let table):
                return table
            case .unavailable:
                return nil
            case .notBuilt:
                // Built under the lock: a burst of first tokens waits ~1 ms once instead of building several tables.
                // Unavailable (no fast path, budget spent) is final for this key object; the next JWKS fetch makes
                // new key objects that try again.
                guard let made = P256CombTable(rawRepresentation: publicKey.rawRepresentation, budget: budget) else {
                    state = .unavailable
                    return nil
                }
                state = .built(made)
                return made
            }
        }
    }
}
