// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The C baseline of khoemu's benchmarks: the session-block serialize and deserialize loops
 * over the same byte layouts as the Java model (abi-reference sections 1 and 2.1), written
 * here from the layout tables, plus memcpy of the block as the physical floor. Every entry
 * point runs its work `loops` times so that one JNA call is spread over many runs.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

#define KB_EINVAL 22
#define KB_EEXIST 17

#define PROFILE_SEED_V6 0
#define PROFILE_V6_19 1

#define FILE_ENTRY_SIZE 64
#define FILE_COMPAT_LEN 48
#define FILE_MAX 128
#define FILE_ARRAY_BYTES 8192
#define ENTRY_SIZE 80
#define SESSION_MAX 819
#define NAME_MAX_LEN 64

/* One outgoing file as the Java model holds it: handler string, data, token, and where the
 * memfd's freeze stores the position. */
struct kb_file {
	char compatible[FILE_COMPAT_LEN];
	uint64_t data;
	uint64_t token;
	uint64_t ser_host; /* host address of the file's memfd_luo_ser.pos */
	uint64_t pos;
};

/* One outgoing session. */
struct kb_session {
	char name[NAME_MAX_LEN];
	uint64_t files_pa;
	uint64_t files_host;
	uint64_t pgcnt;
	uint64_t nfiles;
	uint64_t files; /* struct kb_file * */
};

/* One rebuilt incoming file and session. */
struct kb_in_file {
	uint64_t data;
	uint64_t token;
};

struct kb_in_session {
	char name[NAME_MAX_LEN];
	uint64_t files;
	uint64_t pgcnt;
	uint64_t count;
	uint64_t nfiles;
	struct kb_in_file file[FILE_MAX];
};

struct layout {
	size_t header;  /* bytes before entry 0 */
	size_t name;    /* name field length */
	size_t off_files;
	size_t off_pgcnt; /* 0: not stored */
	size_t off_count;
	size_t off_hdr_count;
	int pgcnt_stored;
};

static const struct layout layouts[2] = {
	[PROFILE_SEED_V6] = { 16, 56, 56, 64, 72, 8, 1 },
	[PROFILE_V6_19] = { 8, 64, 64, 0, 72, 0, 0 },
};

static inline void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* A C string into a fixed field: at most len - 1 bytes, zero-padded (strscpy + padding). */
static inline void put_name(uint8_t *dst, const char *src, size_t len)
{
	strncpy((char *)dst, src, len - 1);
	dst[len - 1] = 0;
}

static long serialize_once(const struct layout *l, uint8_t *block, const struct kb_session *s, int n)
{
	for (int i = 0; i < n; i++) {
		const struct kb_session *ss = &s[i];
		const struct kb_file *f = (const struct kb_file *)(uintptr_t)ss->files;
		uint64_t files = 0, pgcnt = 0;
		if (ss->nfiles) {
			uint8_t *arr = (uint8_t *)(uintptr_t)ss->files_host;
			for (uint64_t j = 0; j < ss->nfiles; j++) {
				put64((uint8_t *)(uintptr_t)f[j].ser_host, f[j].pos);
				uint8_t *e = arr + j * FILE_ENTRY_SIZE;
				put_name(e, f[j].compatible, FILE_COMPAT_LEN);
				put64(e + 48, f[j].data);
				put64(e + 56, f[j].token);
			}
			files = ss->files_pa;
			pgcnt = ss->pgcnt;
		}
		uint8_t *e = block + l->header + (size_t)i * ENTRY_SIZE;
		put_name(e, ss->name, l->name);
		put64(e + l->off_files, files);
		if (l->pgcnt_stored)
			put64(e + l->off_pgcnt, pgcnt);
		put64(e + l->off_count, ss->nfiles);
	}
	put64(block + l->off_hdr_count, (uint64_t)n);
	return 0;
}

EXPORT long kb_serialize(int profile, uint8_t *block, const struct kb_session *s, int n, int loops)
{
	long r = 0;
	for (int k = 0; k < loops; k++) {
		r = serialize_once(&layouts[profile], block, s, n);
		__asm__ __volatile__("" : : "r"(block) : "memory");
	}
	return r;
}

/* The hash set of the hashed variant: open addressing over slot indices, stamped with the run
 * so that a new run needs no clearing. */
#define HASH_SLOTS 2048
struct hash_set {
	uint32_t stamp[HASH_SLOTS];
	uint16_t index[HASH_SLOTS];
	uint32_t run;
};
static struct hash_set hset;

static inline uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len && s[i]; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

/* The same checks as the Java model: count bound, then each entry; a duplicate name stops the
 * rebuild with what was inserted kept. File arrays outside RAM are dropped, unknown handlers
 * end the session's file list. */
static long deserialize_once(const struct layout *l, const uint8_t *ram, uint64_t ram_size,
			     const uint8_t *block, int hashed, struct kb_in_session *out, int *inserted)
{
	uint64_t count = get64(block + l->off_hdr_count);
	*inserted = 0;
	if ((int64_t)count < 0 || count > SESSION_MAX)
		return -KB_EINVAL;
	if (hashed && ++hset.run == 0) {
		memset(hset.stamp, 0, sizeof(hset.stamp));
		hset.run = 1;
	}
	for (uint64_t i = 0; i < count; i++) {
		const uint8_t *e = block + l->header + i * ENTRY_SIZE;
		struct kb_in_session *s = &out[i];
		size_t nl = 0;
		while (nl < l->name - 1 && e[nl])
			nl++;
		memcpy(s->name, e, nl);
		s->name[nl] = 0;
		if (hashed) {
			uint32_t h = name_hash(s->name, l->name) & (HASH_SLOTS - 1);
			while (hset.stamp[h] == hset.run) {
				if (!strncmp(out[hset.index[h]].name, s->name, l->name))
					return -KB_EEXIST;
				h = (h + 1) & (HASH_SLOTS - 1);
			}
			hset.stamp[h] = hset.run;
			hset.index[h] = (uint16_t)i;
		} else {
			for (uint64_t j = 0; j < i; j++)
				if (!strncmp(out[j].name, s->name, l->name))
					return -KB_EEXIST;
		}
		s->files = get64(e + l->off_files);
		s->count = get64(e + l->off_count);
		s->pgcnt = l->pgcnt_stored ? get64(e + l->off_pgcnt) : (s->files ? 2 : 0);
		s->nfiles = 0;
		*inserted = (int)i + 1;
		uint64_t fpa = s->files;
		if (fpa == 0)
			continue;
		if ((int64_t)s->count < 0 || s->count > FILE_MAX || (fpa & 0xfff) || (int64_t)fpa < 0
		    || fpa > ram_size - FILE_ARRAY_BYTES)
			continue;
		for (uint64_t j = 0; j < s->count; j++) {
			const uint8_t *fe = ram + fpa + j * FILE_ENTRY_SIZE;
			if (strncmp((const char *)fe, "memfd-v1", FILE_COMPAT_LEN))
				break;
			s->file[j].data = get64(fe + 48);
			s->file[j].token = get64(fe + 56);
			s->nfiles = j + 1;
		}
	}
	return 0;
}

EXPORT long kb_deserialize(int profile, const uint8_t *ram, uint64_t ram_size, const uint8_t *block,
			   int hashed, struct kb_in_session *out, int *inserted, int loops)
{
	long r = 0;
	for (int k = 0; k < loops; k++) {
		r = deserialize_once(&layouts[profile], ram, ram_size, block, hashed, out, inserted);
		__asm__ __volatile__("" : : "r"(out) : "memory");
	}
	return r;
}

EXPORT long kb_memcpy(uint8_t *dst, const uint8_t *src, uint64_t len, int loops)
{
	for (int k = 0; k < loops; k++) {
		memcpy(dst, src, len);
		__asm__ __volatile__("" : : "r"(dst) : "memory");
	}
	return 0;
}

/* The cost of one JNA call, measured beside the others. */
EXPORT long kb_nop(long x)
{
	return x;
}

EXPORT long kb_sizes(int which)
{
	switch (which) {
	case 0: return sizeof(struct kb_file);
	case 1: return sizeof(struct kb_session);
	case 2: return sizeof(struct kb_in_session);
	case 3: return offsetof(struct kb_in_session, file);
	default: return -1;
	}
}
