import Crypto
import Foundation
import Testing
@testable import GatehouseOIDC

/// The comb-table ES256 verifier (`gh_p256.c`) must agree with swift-crypto on every input: valid, tampered, garbage,
/// boundary scalars, and the rare sums the fast addition formula cannot do.
@Suite struct P256CombTableTests {
    /// n, the order of P-256, big-endian.
    static let order: [UInt8] = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    /// Both verifiers' answers for one signature.
    static func verdicts(_ key: P256.Signing.PublicKey, _ table: P256CombTable, _ signature: [UInt8], _ message: [UInt8]) -> (comb: Bool, swiftCrypto: Bool) {
        let digest = SHA256.hash(data: message)
        let reference = (try? P256.Signing.ECDSASignature(rawRepresentation: signature)).map { key.isValidSignature($0, for: digest) } ?? false
        return (table.isValidSignature(signature, digest: digest), reference)
    }

    /// A budget of its own, so tests running in parallel never spend the shared one.
    static var budget: P256CombTable.Budget { .init(limit: 100) }

    static func table(for key: P256.Signing.PublicKey) throws -> P256CombTable {
        try #require(P256CombTable(rawRepresentation: key.rawRepresentation, budget: budget))
    }

    #if arch(x86_64) && os(Linux)
    /// On the machines Gatehouse ships to, the fast path must be on (a swift-crypto upgrade that drops the routines
    /// would otherwise silently halve ES256 throughput).
    @Test func fastPathIsAvailableOnX86Linux() {
        #expect(P256CombTable.isAvailable)
        let key = P256VerificationKey(P256.Signing.PrivateKey().publicKey, budget: Self.budget)
        #expect(key.usesCombTable)
    }
    #endif

    @Test(.enabled(if: P256CombTable.isAvailable)) func agreesWithSwiftCryptoOnValidAndTamperedSignatures() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            let privateKey = P256.Signing.PrivateKey()
            let table = try Self.table(for: privateKey.publicKey)
            for _ in 0..<8 {
                let message = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let signature = Array(try privateKey.signature(for: SHA256.hash(data: message)).rawRepresentation)
                let good = Self.verdicts(privateKey.publicKey, table, signature, message)
                #expect(good.comb && good.swiftCrypto, "round \(round)")

                var flipped = signature
                let byte = Int.random(in: 0..<64, using: &generator)
                flipped[byte] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                let bad = Self.verdicts(privateKey.publicKey, table, flipped, message)
                #expect(bad.comb == bad.swiftCrypto && !bad.comb, "flipped byte \(byte)")

                let otherMessage = Self.verdicts(privateKey.publicKey, table, signature, message + [0])
                #expect(!otherMessage.comb && !otherMessage.swiftCrypto)
            }
        }
    }

    /// ECDSA as JWS uses it has no low-s rule: (r, n - s) is as valid as (r, s), for both verifiers.
    @Test(.enabled(if: P256CombTable.isAvailable)) func highSAndLowSAgree() throws {
        let privateKey = P256.Signing.PrivateKey()
        let table = try Self.table(for: privateKey.publicKey)
        for index in 0..<20 {
            let message = Array("message \(index)".utf8)
            let signature = Array(try privateKey.signature(for: SHA256.hash(data: message)).rawRepresentation)
            let negatedS = Array(signature.prefix(32)) + Self.subtract(Self.order, Array(signature.suffix(32)))
            let verdict = Self.verdicts(privateKey.publicKey, table, negatedS, message)
            #expect(verdict.comb == verdict.swiftCrypto)
            #expect(verdict.comb)
        }
    }

    @Test(.enabled(if: P256CombTable.isAvailable)) func garbageAndBoundaryScalarsAreRejectedLikeSwiftCrypto() throws {
        let privateKey = P256.Signing.PrivateKey()
        let table = try Self.table(for: privateKey.publicKey)
        let message = Array("boundary".utf8)
        let valid = Array(try privateKey.signature(for: SHA256.hash(data: message)).rawRepresentation)
        let r = Array(valid.prefix(32)), s = Array(valid.suffix(32))
        let zero = [UInt8](repeating: 0, count: 32), one = zero.dropLast() + [1]
        let ff = [UInt8](repeating: 0xFF, count: 32)
        let nMinus1 = Self.subtract(Self.order, Array(one))
        let nPlus1 = Self.add(Self.order, Array(one))
        let rPlusN = Self.add(r, Self.order)  // r + n mod 2^256 (when no carry, the same residue as r)
        let cases: [(String, [UInt8])] = [
            ("r = s = 0", zero + zero), ("r = 0", zero + s), ("s = 0", r + zero), ("r = s = n", Self.order + Self.order),
            ("r = n", Self.order + s), ("s = n", r + Self.order), ("s = n + 1", r + nPlus1), ("r = r + n", rPlusN + s),
            ("r = s = 2^256 - 1", ff + ff), ("r = s = 1", Array(one) + Array(one)), ("r = s = n - 1", nMinus1 + nMinus1),
            ("r = 1, s = n - 1", Array(one) + nMinus1), ("s = 1", r + Array(one)), ("swapped", s + r),
        ]
        for (name, signature) in cases {
            let verdict = Self.verdicts(privateKey.publicKey, table, signature, message)
            #expect(verdict.comb == verdict.swiftCrypto, "\(name)")
            #expect(!verdict.comb, "\(name)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let random = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let verdict = Self.verdicts(privateKey.publicKey, table, random, message)
            #expect(verdict.comb == verdict.swiftCrypto && !verdict.comb)
        }
        #expect(!table.isValidSignature(valid + [0], digest: SHA256.hash(data: message)))
        #expect(!table.isValidSignature(Array(valid.dropLast()), digest: SHA256.hash(data: message)))
    }

    /// Keys Q = G and Q = -G make the partial sum meet the very table point being added (equal: must double;
    /// opposite: must give infinity) in about 1 signature in 128. The fast formula gets both wrong, so the verifier
    /// must redo those additions with the complete one; every signature must still verify.
    @Test(.enabled(if: P256CombTable.isAvailable)) func equalAndOppositePartialSumsAreHandled() throws {
        let oneKey = try P256.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 0, count: 31) + [1])
        let minusOneKey = try P256.Signing.PrivateKey(rawRepresentation: Self.subtract(Self.order, [UInt8](repeating: 0, count: 31) + [1]))
        let before = P256CombTable.completeAdditions
        for privateKey in [oneKey, minusOneKey] {
            let table = try Self.table(for: privateKey.publicKey)
            for index in 0..<600 {
                let message = Array("edge \(index)".utf8)
                let signature = Array(try privateKey.signature(for: SHA256.hash(data: message)).rawRepresentation)
                let verdict = Self.verdicts(privateKey.publicKey, table, signature, message)
                #expect(verdict.comb && verdict.swiftCrypto, "signature \(index)")
                var flipped = signature
                flipped[40] ^= 0x10
                #expect(!Self.verdicts(privateKey.publicKey, table, flipped, message).comb)
            }
        }
        #expect(P256CombTable.completeAdditions > before, "no signature exercised the complete addition")
    }

    /// x(R) in [n, p): the signer reduces it mod n, so r = x(R) - n, and only the "r + n" comparison accepts it.
    /// Vector made with textbook affine arithmetic (choose R with x = n + 3, then Q = (s/r)(R - (e/s)G)); OpenSSL
    /// (through Python's cryptography) accepts it too.
    @Test(.enabled(if: P256CombTable.isAvailable)) func rPlusNComparisonAcceptsXAboveTheOrder() throws {
        let q = Self.hex(
            "c852ecd9734fc763aecd309cf449ac5825371d1e9984f822406aafd5cd5a65fceb4090103bf2edc2fe1feed503e922a6e67151ccd009d25f01610d9e378a667f")
        let signature = Self.hex(
            "00000000000000000000000000000000000000000000000000000000000000031234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef")
        let message = Array("x(R) is above n".utf8)
        let key = try P256.Signing.PublicKey(rawRepresentation: q)
        let table = try Self.table(for: key)
        let verdict = Self.verdicts(key, table, signature, message)
        #expect(verdict.comb && verdict.swiftCrypto)
        #expect(!Self.verdicts(key, table, signature, message + [1]).comb)
        // The same R under r = x(R) mod 2^256 truncated differently (r = 3 + 1) is not valid.
        var other = signature
        other[31] = 4
        #expect(Self.verdicts(key, table, other, message) == (false, false))
    }

    /// RFC 6979 A.2.5 (the vector the C code also self-tests with) through the Swift wrapper.
    @Test(.enabled(if: P256CombTable.isAvailable)) func rfc6979Vector() throws {
        let key = try P256.Signing.PublicKey(rawRepresentation: Self.hex(
            "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"))
        let signature = Self.hex(
            "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8")
        let table = try Self.table(for: key)
        #expect(Self.verdicts(key, table, signature, Array("sample".utf8)) == (true, true))
        #expect(Self.verdicts(key, table, signature, Array("test".utf8)) == (false, false))
    }

    @Test(.enabled(if: P256CombTable.isAvailable)) func pointsOffTheCurveGetNoTable() {
        let valid = P256.Signing.PrivateKey().publicKey.rawRepresentation
        var offCurve = Array(valid)
        offCurve[63] ^= 1
        #expect(P256CombTable(rawRepresentation: offCurve, budget: Self.budget) == nil)
        #expect(P256CombTable(rawRepresentation: [UInt8](repeating: 0, count: 64), budget: Self.budget) == nil)
        // x = p (not reduced), any y.
        let p = Self.hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")
        #expect(P256CombTable(rawRepresentation: p + Array(valid.suffix(32)), budget: Self.budget) == nil)
        #expect(P256CombTable(rawRepresentation: Array(valid.prefix(32)), budget: Self.budget) == nil)
        #expect(P256CombTable(rawRepresentation: valid, budget: Self.budget) != nil)
    }

    /// Many threads verifying through one key's lazily built table.
    @Test(.enabled(if: P256CombTable.isAvailable)) func concurrentFirstUseBuildsOneTable() async throws {
        let privateKey = P256.Signing.PrivateKey()
        let key = P256VerificationKey(privateKey.publicKey, budget: Self.budget)
        let message = Array("concurrent".utf8)
        let signature = Array(try privateKey.signature(for: SHA256.hash(data: message)).rawRepresentation)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 { group.addTask { key.isValidSignature(signature, over: message) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == [Bool](repeating: true, count: 16))
    }

    // MARK: 256-bit big-endian helpers

    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for i in (0..<32).reversed() {
            var d = Int(a[i]) - Int(b[i]) - borrow
            borrow = d < 0 ? 1 : 0
            if d < 0 { d += 256 }
            out[i] = UInt8(d)
        }
        return out
    }

    static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var carry = 0
        for i in (0..<32).reversed() {
            let s = Int(a[i]) + Int(b[i]) + carry
            out[i] = UInt8(s & 0xFF)
            carry = s >> 8
        }
        return out
    }
}

extension P256CombTableTests {
    /// Tables are bounded process-wide; past the budget, keys fall back to swift-crypto, and freed tables return
    /// their share.
    @Test(.enabled(if: P256CombTable.isAvailable)) func tableBudgetCapsLiveTables() throws {
        let budget = P256CombTable.Budget(limit: 2)
        let raw = P256.Signing.PrivateKey().publicKey.rawRepresentation
        var first: P256CombTable? = try #require(P256CombTable(rawRepresentation: raw, budget: budget))
        let second = try #require(P256CombTable(rawRepresentation: raw, budget: budget))
        #expect(P256CombTable(rawRepresentation: raw, budget: budget) == nil)
        #expect(budget.liveCount == 2)
        first = nil
        #expect(first == nil && budget.liveCount == 1)
        #expect(P256CombTable(rawRepresentation: raw, budget: budget) != nil)  // built, then freed at once
        // A point off the curve does not keep its reservation.
        var offCurve = Array(raw)
        offCurve[63] ^= 1
        #expect(P256CombTable(rawRepresentation: offCurve, budget: budget) == nil)
        #expect(budget.liveCount == 1)
        _ = second
    }

    /// A key whose table cannot be had (budget spent) still verifies, through swift-crypto.
    @Test func keyWithoutTableVerifiesWithSwiftCrypto() throws {
        let privateKey = P256.Signing.PrivateKey()
        let key = P256VerificationKey(privateKey.publicKey, budget: P256CombTable.Budget(limit: 0))
        #expect(!key.usesCombTable)
        let message = Array("fallback".utf8)
        let signature = Array(try privateKey.signature(for: SHA256.hash(data: message)).rawRepresentation)
        #expect(key.isValidSignature(signature, over: message))
        #expect(!key.isValidSignature(signature, over: message + [0]))
        #expect(!key.isValidSignature(Array(signature.dropLast()), over: message))
    }
}
