// ECDSA P-256 verification with a per-key precomputed comb table, for keys that verify many signatures
// (an issuer's ID-token signing keys). Swift sees only these gh_p256_* declarations.
//
// Field and point arithmetic are BoringSSL's own x86-64 assembly (the nistz256 routines swift-crypto already links
// for every P-256 operation); this file adds only the composition: a 37 x 64 table of multiples of the public key
// (and of the generator), so u1*G + u2*Q costs 74 mixed additions and no doublings. All inputs are public (key,
// digest, signature), so the variable-time code is not a side channel.
#ifndef GH_P256_H
#define GH_P256_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the fast path can run in this process: x86-64 Linux, BoringSSL's nistz256 routines linked in, a CPU with
/// AVX (the scalar inverse needs it). 0 otherwise; callers then verify with swift-crypto.
int gh_p256_available(void);

/// A public key's comb table (~150 KB). Immutable once built; safe to share between threads.
typedef struct gh_p256_table gh_p256_table;

/// Builds the table for the uncompressed point (x, y), each 32 bytes big-endian. NULL when the fast path is not
/// available, the point is not on P-256 (or a coordinate is not below p), or memory runs out.
gh_p256_table *gh_p256_table_new(const uint8_t x[32], const uint8_t y[32]);

void gh_p256_table_free(gh_p256_table *table);

/// Verifies an ECDSA signature r || s (32 + 32 bytes, big-endian) over a SHA-256 digest (32 bytes). 1 valid, 0
/// invalid (r or s zero or not below n included).
int gh_p256_verify(const gh_p256_table *table, const void *digest, const void *signature);

/// How many additions so far (all threads) met the partial sum equal or opposite to the table point and were redone
/// with the complete addition. Rare by chance (about 1 in 128 signatures for a key Q = G); for tests.
unsigned long gh_p256_complete_additions(void);

#ifdef __cplusplus
}
#endif

#endif
