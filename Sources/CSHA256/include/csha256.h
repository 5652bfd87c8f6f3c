#ifndef TOLLGATE_CSHA256_H
#define TOLLGATE_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's 64 round constants (FIPS 180-4, 4.2.2), for this file's compression and
/// DecisionLog's portable one alike.
const uint32_t *tollgate_sha256_round_constants(void);

/// Whether this CPU has the SHA extensions (with SSSE3 and SSE4.1) that
/// `tollgate_sha256_ni_blocks` needs. Always 0 off x86-64.
int tollgate_sha256_ni_available(void);

/// Hashes `blocks` whole 64-byte blocks at `data` into `state` (the eight
/// SHA-256 words, h0 first) with the CPU's SHA instructions. Call only when
/// `tollgate_sha256_ni_available()` returned 1.
void tollgate_sha256_ni_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
