/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fixed-width types and the printing helpers of the layout oracle. The structs in the other
 * headers are written here from shared/spec/abi-reference.md (sections 1.4, 1.5, 2.1, 3.2,
 * 3.8), not copied from the kernel; gcc's offsetof/sizeof on them are the independent check of
 * the Java layout tables.
 */
#ifndef KHOEMU_ABI_TYPES_H
#define KHOEMU_ABI_TYPES_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;

#define PAGE_SIZE 4096

/* One line per fact: "struct NAME SIZE", "field STRUCT PATH OFFSET SIZE", "number NAME V", "text NAME V". */
#define STRUCT(s) printf("struct %s %zu\n", #s, sizeof(struct s))
#define FIELD(s, path) printf("field %s %s %zu %zu\n", #s, #path, offsetof(struct s, path), \
                              sizeof(((struct s *)0)->path))
#define NUMBER(name) printf("number %s %lld\n", #name, (long long)(name))
#define TEXT(name) printf("text %s %s\n", #name, name)
#endif
