// ECDSA P-256 verification with precomputed comb tables for both the generator and the public key.
//
// ECDSA verification computes R = u1*G + u2*Q and checks x(R) mod n == r. BoringSSL precomputes a table for G only,
// so its u2*Q costs 255 doublings and ~50 additions; an issuer's signing key verifies thousands of tokens, so here Q
// gets a table too, built once per key: T[i][j] = (j + 1) * 2^(7i) * Q for i < 37, j < 64, in affine coordinates.
// With u written in signed base-128 digits d_i in [-63, 64], u*Q = sum of +/-T[i][|d_i| - 1]: 37 mixed additions.
//
// The field and point arithmetic is BoringSSL's nistz256 assembly inside swift-crypto (CCryptoBoringSSL_*), the
// same routines every swift-crypto P-256 operation uses; the references are weak, so a swift-crypto that renames or
// drops them links fine and gh_p256_available() reports 0 (Swift then verifies with swift-crypto). A known-answer
// test (RFC 6979 A.2.5) runs once before the fast path is enabled.
//
// Everything here handles public data only (key, digest, signature), so branches and table indexing that depend on
// it are not a side channel.
#include "gh_p256.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__linux__)

#include <cpuid.h>

typedef struct {
    uint64_t X[4], Y[4], Z[4];
} gh_jpoint;  // Jacobian, Montgomery form; Z = 0 is the point at infinity

typedef struct {
    uint64_t X[4], Y[4];
} gh_apoint;  // affine, Montgomery form

#define GH_WEAK __attribute__((weak))
#define GH_FIELD2(name) \
    extern void CCryptoBoringSSL_##name##_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) GH_WEAK; \
    extern void CCryptoBoringSSL_##name##_nohw(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) GH_WEAK;
GH_FIELD2(ecp_nistz256_mul_mont)
GH_FIELD2(ecp_nistz256_ord_mul_mont)
extern void CCryptoBoringSSL_ecp_nistz256_sqr_mont_adx(uint64_t r[4], const uint64_t a[4]) GH_WEAK;
extern void CCryptoBoringSSL_ecp_nistz256_sqr_mont_nohw(uint64_t r[4], const uint64_t a[4]) GH_WEAK;
extern void CCryptoBoringSSL_ecp_nistz256_neg(uint64_t r[4], const uint64_t a[4]) GH_WEAK;
extern void CCryptoBoringSSL_ecp_nistz256_point_double_adx(gh_jpoint *r, const gh_jpoint *a) GH_WEAK;
extern void CCryptoBoringSSL_ecp_nistz256_point_double_nohw(gh_jpoint *r, const gh_jpoint *a) GH_WEAK;
extern void CCryptoBoringSSL_ecp_nistz256_point_add_adx(gh_jpoint *r, const gh_jpoint *a, const gh_jpoint *b) GH_WEAK;
extern void CCryptoBoringSSL_ecp_nistz256_point_add_nohw(gh_jpoint *r, const gh_jpoint *a, const gh_jpoint *b) GH_WEAK;
extern void CCryptoBoringSSL_ecp_nistz256_point_add_affine_adx(gh_jpoint *r, const gh_jpoint *a, const gh_apoint *b) GH_WEAK;
extern void CCryptoBoringSSL_ecp_nistz256_point_add_affine_nohw(gh_jpoint *r, const gh_jpoint *a, const gh_apoint *b) GH_WEAK;
extern int CCryptoBoringSSL_beeu_mod_inverse_vartime(uint64_t out[4], const uint64_t a[4], const uint64_t n[4]) GH_WEAK;

/// The routines for this CPU (BoringSSL's own choice: the ADX variants need BMI2 and ADX).
static struct {
    void (*mul)(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);     // a*b/R mod p
    void (*sqr)(uint64_t r[4], const uint64_t a[4]);                          // a*a/R mod p
    void (*ord_mul)(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]); // a*b/R mod n
    void (*neg)(uint64_t r[4], const uint64_t a[4]);                          // -a mod p
    void (*dbl)(gh_jpoint *r, const gh_jpoint *a);
    void (*add)(gh_jpoint *r, const gh_jpoint *a, const gh_jpoint *b);  // complete: doubles equal inputs
    void (*add_affine)(gh_jpoint *r, const gh_jpoint *a, const gh_apoint *b);  // a != b required
    int (*inverse)(uint64_t out[4], const uint64_t a[4], const uint64_t n[4]);  // a^-1 mod n, plain form
} F;

// Little-endian 64-bit limbs.
static const uint64_t P[4] = {0xffffffffffffffffULL, 0x00000000ffffffffULL, 0, 0xffffffff00000001ULL};
static const uint64_t N[4] = {0xf3b9cac2fc632551ULL, 0xbce6faada7179e84ULL, 0xffffffffffffffffULL, 0xffffffff00000000ULL};
static const uint64_t CURVE_B[4] = {0x3bce3c3e27d2604bULL, 0x651d06b0cc53b0f6ULL, 0xb3ebbd55769886bcULL, 0x5ac635d8aa3a93e7ULL};
static const uint64_t GX[4] = {0xf4a13945d898c296ULL, 0x77037d812deb33a0ULL, 0xf8bce6e563a440f2ULL, 0x6b17d1f2e12c4247ULL};
static const uint64_t GY[4] = {0xcbb6406837bf51f5ULL, 0x2bce33576b315eceULL, 0x8ee7eb4a7c0f9e16ULL, 0x4fe342e2fe1a7f9bULL};
static const uint64_t ONE[4] = {1, 0, 0, 0};

static uint64_t one_mont[4];  // R mod p, R = 2^256
static uint64_t rr_p[4];      // R^2 mod p
static uint64_t rr_n[4];      // R^2 mod n

enum { GH_WINDOWS = 37, GH_ROW = 64 };  // 37 windows of 7 bits cover 259 bits; digits up to 64 in magnitude

struct gh_p256_table {
    gh_apoint points[GH_WINDOWS * GH_ROW];
};

static gh_p256_table *generator_table;
static int available;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static atomic_ulong complete_additions;  // see gh_p256_complete_additions

// MARK: 256-bit helpers (public data, variable time)

static void load_be(uint64_t out[4], const uint8_t in[32]) {
    for (int limb = 0; limb < 4; limb++) {
        uint64_t v = 0;
        for (int byte = 0; byte < 8; byte++) v = (v << 8) | in[(3 - limb) * 8 + byte];
        out[limb] = v;
    }
}

static int is_zero(const uint64_t a[4]) { return (a[0] | a[1] | a[2] | a[3]) == 0; }

static int equal(const uint64_t a[4], const uint64_t b[4]) { return memcmp(a, b, 32) == 0; }

/// a < b as unsigned 256-bit integers.
static int less_than(const uint64_t a[4], const uint64_t b[4]) {
    for (int i = 3; i >= 0; i--) {
        if (a[i] != b[i]) return a[i] < b[i];
    }
    return 0;
}

/// r = a - b mod 2^256; returns the borrow.
static uint64_t sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    unsigned __int128 borrow = 0;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 d = (unsigned __int128)a[i] - b[i] - (uint64_t)borrow;
        r[i] = (uint64_t)d;
        borrow = (d >> 64) ? 1 : 0;
    }
    return (uint64_t)borrow;
}

/// r = a + b mod 2^256; returns the carry.
static uint64_t add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    unsigned __int128 carry = 0;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 s = (unsigned __int128)a[i] + b[i] + carry;
        r[i] = (uint64_t)s;
        carry = s >> 64;
    }
    return (uint64_t)carry;
}

/// r = 2^256 * 2^256 mod m, for an odd m with 2^255 < m < 2^256 (so 2^256 mod m = 2^256 - m).
static void compute_rr(uint64_t r[4], const uint64_t m[4]) {
    static const uint64_t zero[4] = {0, 0, 0, 0};
    uint64_t x[4];
    sub(x, zero, m);  // 2^256 - m
    for (int i = 0; i < 256; i++) {
        uint64_t doubled[4];
        uint64_t carry = add(doubled, x, x);
        if (carry || !less_than(doubled, m)) sub(doubled, doubled, m);
        memcpy(x, doubled, 32);
    }
    memcpy(r, x, 32);
}

/// a^(p-2) = a^-1 mod p, Montgomery in and out (a != 0). Used only while building tables.
static void field_inverse(uint64_t r[4], const uint64_t a[4]) {
    static const uint64_t e[4] = {0xfffffffffffffffdULL, 0x00000000ffffffffULL, 0, 0xffffffff00000001ULL};
    uint64_t x[4];
    memcpy(x, one_mont, 32);
    for (int bit = 255; bit >= 0; bit--) {
        F.sqr(x, x);
        if ((e[bit / 64] >> (bit % 64)) & 1) F.mul(x, x, a);
    }
    memcpy(r, x, 32);
}

// MARK: Tables

/// Builds T[i][j] = (j + 1) * 2^(7i) * B for the affine point (bx, by) in Montgomery form; NULL on allocation failure.
static gh_p256_table *build_table(const uint64_t bx[4], const uint64_t by[4]) {
    enum { COUNT = GH_WINDOWS * GH_ROW };
    gh_p256_table *table = aligned_alloc(64, sizeof(gh_p256_table));
    gh_jpoint *jacobian = malloc(sizeof(gh_jpoint) * COUNT);
    uint64_t(*prefix)[4] = malloc(32 * COUNT);
    if (!table || !jacobian || !prefix) {
        free(table);
        free(jacobian);
        free(prefix);
        return NULL;
    }
    gh_jpoint base;
    memcpy(base.X, bx, 32);
    memcpy(base.Y, by, 32);
    memcpy(base.Z, one_mont, 32);
    for (int i = 0; i < GH_WINDOWS; i++) {
        gh_jpoint *row = jacobian + i * GH_ROW;
        row[0] = base;
        F.dbl(&row[1], &base);
        for (int k = 2; k < GH_ROW; k++) F.add(&row[k], &row[k - 1], &base);
        F.dbl(&base, &row[GH_ROW - 1]);  // 128 * base = 2^7 * base
    }
    // One inversion for all Z (Montgomery's trick): prefix[k] = Z_0 * ... * Z_k. No entry is infinity (every
    // multiple is below the prime order n), but check rather than divide by zero.
    int ok = 1;
    memcpy(prefix[0], jacobian[0].Z, 32);
    for (int k = 1; k < COUNT; k++) F.mul(prefix[k], prefix[k - 1], jacobian[k].Z);
    if (is_zero(prefix[COUNT - 1])) ok = 0;
    if (ok) {
        uint64_t inverse[4];
        field_inverse(inverse, prefix[COUNT - 1]);
        for (int k = COUNT - 1; k >= 0; k--) {
            uint64_t z_inverse[4], z2[4], z3[4];
            if (k > 0) {
                F.mul(z_inverse, inverse, prefix[k - 1]);
                F.mul(inverse, inverse, jacobian[k].Z);
            } else {
                memcpy(z_inverse, inverse, 32);
            }
            F.sqr(z2, z_inverse);
            F.mul(z3, z2, z_inverse);
            F.mul(table->points[k].X, jacobian[k].X, z2);
            F.mul(table->points[k].Y, jacobian[k].Y, z3);
        }
    }
    free(jacobian);
    free(prefix);
    if (!ok) {
        free(table);
        return NULL;
    }
    return table;
}

// MARK: Verification

/// Signed base-128 digits of k < 2^256: k = sum d[i] * 2^(7i), d[i] in [-63, 64].
static void recode(int8_t d[GH_WINDOWS], const uint64_t k[4]) {
    int carry = 0;
    for (int i = 0; i < GH_WINDOWS; i++) {
        unsigned bit = 7 * i, limb = bit / 64, offset = bit % 64;
        uint64_t v = k[limb] >> offset;
        if (offset > 57 && limb < 3) v |= k[limb + 1] << (64 - offset);
        int w = (int)(v & 0x7f) + carry;
        carry = w > 64;
        d[i] = (int8_t)(carry ? w - 128 : w);
    }
    // The top window holds 4 bits plus a carry, so no carry leaves it.
}

/// acc += digit * row[...]. add_affine does not double (it yields Z = 0 for equal inputs, as for opposite ones);
/// when that happens the complete Jacobian addition redoes the step.
static void accumulate(gh_jpoint *acc, int *at_infinity, const gh_apoint *row, int digit) {
    if (digit == 0) return;
    gh_apoint t = row[(digit < 0 ? -digit : digit) - 1];
    if (digit < 0) F.neg(t.Y, t.Y);
    if (*at_infinity) {
        memcpy(acc->X, t.X, 32);
        memcpy(acc->Y, t.Y, 32);
        memcpy(acc->Z, one_mont, 32);
        *at_infinity = 0;
        return;
    }
    gh_jpoint before = *acc;
    F.add_affine(acc, &before, &t);
    if (is_zero(acc->Z)) {
        gh_jpoint tj;
        memcpy(tj.X, t.X, 32);
        memcpy(tj.Y, t.Y, 32);
        memcpy(tj.Z, one_mont, 32);
        F.add(acc, &before, &tj);
        *at_infinity = is_zero(acc->Z);
        atomic_fetch_add_explicit(&complete_additions, 1, memory_order_relaxed);
    }
}

static int verify(const gh_p256_table *table, const uint8_t digest[32], const uint8_t signature[64]) {
    uint64_t r[4], s[4], e[4];
    load_be(r, signature);
    load_be(s, signature + 32);
    if (is_zero(r) || is_zero(s) || !less_than(r, N) || !less_than(s, N)) return 0;
    load_be(e, digest);
    if (!less_than(e, N)) sub(e, e, N);  // e < 2^256 < 2n

    uint64_t w[4], w_mont[4], u1[4], u2[4];
    if (!F.inverse(w, s, N)) return 0;
    F.ord_mul(w_mont, w, rr_n);  // w * R
    F.ord_mul(u1, e, w_mont);    // e * w
    F.ord_mul(u2, r, w_mont);    // r * w

    int8_t d1[GH_WINDOWS], d2[GH_WINDOWS];
    recode(d1, u1);
    recode(d2, u2);
    gh_jpoint acc;
    int at_infinity = 1;
    for (int i = 0; i < GH_WINDOWS; i++) {
        accumulate(&acc, &at_infinity, generator_table->points + i * GH_ROW, d1[i]);
        accumulate(&acc, &at_infinity, table->points + i * GH_ROW, d2[i]);
    }
    if (at_infinity) return 0;

    // x(R) = X / Z^2; compare r * Z^2 with X (both taken out of Montgomery form), and (r + n) * Z^2 when r + n < p,
    // because x(R) was reduced mod n by the signer.
    uint64_t z2[4], rz2[4], x[4];
    F.sqr(z2, acc.Z);
    F.mul(rz2, r, z2);
    F.mul(x, acc.X, ONE);
    if (equal(rz2, x)) return 1;
    uint64_t r_plus_n[4];
    if (add(r_plus_n, r, N) == 0 && less_than(r_plus_n, P)) {
        F.mul(rz2, r_plus_n, z2);
        if (equal(rz2, x)) return 1;
    }
    return 0;
}

/// The table for (x, y) after checking the point is on the curve: y^2 = x^3 - 3x + b, coordinates below p.
static gh_p256_table *table_for(const uint64_t x[4], const uint64_t y[4]) {
    if (!less_than(x, P) || !less_than(y, P)) return NULL;
    uint64_t xm[4], ym[4], bm[4], lhs[4], rhs[4], t[4];
    F.mul(xm, x, rr_p);
    F.mul(ym, y, rr_p);
    F.mul(bm, CURVE_B, rr_p);
    F.sqr(lhs, ym);
    F.sqr(t, xm);
    F.mul(rhs, t, xm);  // x^3
    for (int i = 0; i < 3; i++) {  // - 3x
        uint64_t borrow = sub(rhs, rhs, xm);
        if (borrow) add(rhs, rhs, P);
    }
    if (add(rhs, rhs, bm) || !less_than(rhs, P)) sub(rhs, rhs, P);
    if (!equal(lhs, rhs)) return NULL;
    return build_table(xm, ym);
}

// MARK: Setup

static int cpu_supported(int *use_adx) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int avx = (c >> 28) & 1, osxsave = (c >> 27) & 1;
    if (!avx || !osxsave) return 0;
    uint32_t xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return 0;  // the OS saves XMM and YMM state
    *use_adx = 0;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) *use_adx = ((b >> 8) & 1) && ((b >> 19) & 1);  // BMI2, ADX
    return 1;
}

/// RFC 6979 A.2.5, P-256 with SHA-256, message "sample".
static int known_answer_test(void) {
    static const uint8_t ux[32] = {
        0x60, 0xfe, 0xd4, 0xba, 0x25, 0x5a, 0x9d, 0x31, 0xc9, 0x61, 0xeb, 0x74, 0xc6, 0x35, 0x6d, 0x68,
        0xc0, 0x49, 0xb8, 0x92, 0x3b, 0x61, 0xfa, 0x6c, 0xe6, 0x69, 0x62, 0x2e, 0x60, 0xf2, 0x9f, 0xb6};
    static const uint8_t uy[32] = {
        0x79, 0x03, 0xfe, 0x10, 0x08, 0xb8, 0xbc, 0x99, 0xa4, 0x1a, 0xe9, 0xe9, 0x56, 0x28, 0xbc, 0x64,
        0xf2, 0xf1, 0xb2, 0x0c, 0x2d, 0x7e, 0x9f, 0x51, 0x77, 0xa3, 0xc2, 0x94, 0xd4, 0x46, 0x22, 0x99};
    static const uint8_t digest[32] = {
        0xaf, 0x2b, 0xdb, 0xe1, 0xaa, 0x9b, 0x6e, 0xc1, 0xe2, 0xad, 0xe1, 0xd6, 0x94, 0xf4, 0x1f, 0xc7,
        0x1a, 0x83, 0x1d, 0x02, 0x68, 0xe9, 0x89, 0x15, 0x62, 0x11, 0x3d, 0x8a, 0x62, 0xad, 0xd1, 0xbf};
    uint8_t signature[64] = {
        0xef, 0xd4, 0x8b, 0x2a, 0xac, 0xb6, 0xa8, 0xfd, 0x11, 0x40, 0xdd, 0x9c, 0xd4, 0x5e, 0x81, 0xd6,
        0x9d, 0x2c, 0x87, 0x7b, 0x56, 0xaa, 0xf9, 0x91, 0xc3, 0x4d, 0x0e, 0xa8, 0x4e, 0xaf, 0x37, 0x16,
        0xf7, 0xcb, 0x1c, 0x94, 0x2d, 0x65, 0x7c, 0x41, 0xd4, 0x36, 0xc7, 0xa1, 0xb6, 0xe2, 0x9f, 0x65,
        0xf3, 0xe9, 0x00, 0xdb, 0xb9, 0xaf, 0xf4, 0x06, 0x4d, 0xc4, 0xab, 0x2f, 0x84, 0x3a, 0xcd, 0xa8};
    uint64_t x[4], y[4];
    load_be(x, ux);
    load_be(y, uy);
    gh_p256_table *table = table_for(x, y);
    if (!table) return 0;
    int good = verify(table, digest, signature) == 1;
    signature[63] ^= 1;
    int tampered = verify(table, digest, signature) == 0;
    free(table);
    return good && tampered;
}

static void setup(void) {
    int use_adx;
    if (!cpu_supported(&use_adx)) return;
#define GH_PICK(name) (use_adx ? CCryptoBoringSSL_##name##_adx : CCryptoBoringSSL_##name##_nohw)
    F.mul = GH_PICK(ecp_nistz256_mul_mont);
    F.sqr = GH_PICK(ecp_nistz256_sqr_mont);
    F.ord_mul = GH_PICK(ecp_nistz256_ord_mul_mont);
    F.dbl = GH_PICK(ecp_nistz256_point_double);
    F.add = GH_PICK(ecp_nistz256_point_add);
    F.add_affine = GH_PICK(ecp_nistz256_point_add_affine);
#undef GH_PICK
    F.neg = CCryptoBoringSSL_ecp_nistz256_neg;
    F.inverse = CCryptoBoringSSL_beeu_mod_inverse_vartime;
    if (!F.mul || !F.sqr || !F.ord_mul || !F.dbl || !F.add || !F.add_affine || !F.neg || !F.inverse) return;

    static const uint64_t zero[4] = {0, 0, 0, 0};
    sub(one_mont, zero, P);  // 2^256 - p
    compute_rr(rr_p, P);
    compute_rr(rr_n, N);
    uint64_t gx[4], gy[4];
    F.mul(gx, GX, rr_p);
    F.mul(gy, GY, rr_p);
    generator_table = build_table(gx, gy);
    if (!generator_table) return;
    available = known_answer_test();
}

int gh_p256_available(void) {
    pthread_once(&init_once, setup);
    return available;
}

gh_p256_table *gh_p256_table_new(const uint8_t x[32], const uint8_t y[32]) {
    if (!gh_p256_available()) return NULL;
    uint64_t px[4], py[4];
    load_be(px, x);
    load_be(py, y);
    return table_for(px, py);
}

void gh_p256_table_free(gh_p256_table *table) { free(table); }

unsigned long gh_p256_complete_additions(void) { return atomic_load_explicit(&complete_additions, memory_order_relaxed); }

int gh_p256_verify(const gh_p256_table *table, const void *digest, const void *signature) {
    if (!table || !gh_p256_available()) return 0;
    return verify(table, (const uint8_t *)digest, (const uint8_t *)signature);
}

#else  // not x86-64 Linux: Swift verifies with swift-crypto

struct gh_p256_table {
    int unused;
};

int gh_p256_available(void) { return 0; }

gh_p256_table *gh_p256_table_new(const uint8_t x[32], const uint8_t y[32]) {
    (void)x;
    (void)y;
    return NULL;
}

void gh_p256_table_free(gh_p256_table *table) { free(table); }

unsigned long gh_p256_complete_additions(void) { return 0; }

int gh_p256_verify(const gh_p256_table *table, const void *digest, const void *signature) {
    (void)table;
    (void)digest;
    (void)signature;
    return 0;
}

#endif
