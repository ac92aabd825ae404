/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KHOEMU_SHA256_H
#define KHOEMU_SHA256_H
#include "hypercall.h"

struct sha256_ctx {
    u32 h[8];
    u64 total;
    u8 buf[64];
    u32 used;
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const u8 *p, u64 n);
void sha256_final(struct sha256_ctx *c, u8 out[32]);
#endif
