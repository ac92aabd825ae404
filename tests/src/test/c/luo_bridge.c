// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A two-stage LUO program in the shape of the kernel's selftests, written for khoemu's bridge test.
 *   luo_bridge stage1 NAME [PIDFILE]
 *                            create session NAME, preserve a memfd (written through a shared
 *                            mapping; one byte written and the position moved after the
 *                            preserve, then closed), fork a holder of the session fd, exit 0;
 *                            prints "holder PID" and writes PID to PIDFILE
 *   luo_bridge stage2 NAME   retrieve NAME and the memfd, compare it through mmap, finish
 *   luo_bridge stage1-twice NAME [PIDFILE], stage2-twice NAME
 *                            the same, the memfd also preserved under a second token, which
 *                            stage 2 retrieves after the first (before FINISH)
 * A failing call prints "CALL: errno NAME" and exits with that errno (1 for a wrong byte).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* the uAPI as the 6.19 header defines it, spelled out here so that no kernel header is needed */
#define LU_IO(nr) (((0U) << 30) | (0xBAU << 8) | (nr))
struct lu_session { uint32_t size; int32_t fd; char name[64]; };
struct lu_fd { uint32_t size; int32_t fd; uint64_t token __attribute__((aligned(8))); };
struct lu_finish { uint32_t size; uint32_t reserved; };

#define TOKEN 0x1234
#define SIZE (3 * 4096 + 100)
#define POS 77
#define POS_LATE 4099
#define LATE "Z"

static int fail(const char *call)
{
	int e = errno;
	printf("%s: errno %s\n", call, strerrorname_np(e));
	exit(e ? e : 1);
}

static unsigned char byte_at(size_t i)
{
	return (unsigned char)(i * 7 + 3);
}

/* what stage 2 must find: stage 1's pattern, and the byte written after PRESERVE_FD */
static unsigned char expected_at(size_t i)
{
	return i == SIZE - 1 ? (unsigned char)LATE[0] : byte_at(i);
}

static int stage1(const char *name, const char *pidfile, int twice)
{
	int dev = open("/dev/liveupdate", O_RDWR);
	if (dev < 0)
		fail("open");
	struct lu_session s = { sizeof(s), -1, "" };
	strncpy(s.name, name, sizeof(s.name) - 1);
	if (ioctl(dev, LU_IO(0x00), &s))
		fail("CREATE_SESSION");
	int mfd = memfd_create("bridge", 0);
	if (mfd < 0 || ftruncate(mfd, SIZE))
		fail("memfd");
	unsigned char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (p == MAP_FAILED)
		fail("mmap");
	for (size_t i = 0; i < SIZE; i++)
		p[i] = byte_at(i);
	munmap(p, SIZE);
	lseek(mfd, POS, SEEK_SET);
	struct lu_fd f = { sizeof(f), mfd, TOKEN };
	if (ioctl(s.fd, LU_IO(0x40), &f))
		fail("PRESERVE_FD");
	struct lu_fd f2 = { sizeof(f2), mfd, TOKEN + 1 };
	if (twice && ioctl(s.fd, LU_IO(0x40), &f2))
		fail("PRESERVE_FD of the same memfd again");
	/* the preserved file is this file: a write and a seek after PRESERVE_FD reach the next kernel */
	if (pwrite(mfd, LATE, 1, SIZE - 1) != 1 || lseek(mfd, POS_LATE, SEEK_SET) != POS_LATE)
		fail("write after preserve");
	close(mfd); /* LUO holds its own reference */
	close(dev);
	pid_t h = fork();
	if (h < 0)
		fail("fork");
	if (h == 0) {
		setsid();
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		for (;;)
			pause(); /* closing the session fd would unpreserve it */
	}
	printf("holder %d\n", h);
	if (pidfile) {
		FILE *pf = fopen(pidfile, "w");
		if (!pf || fprintf(pf, "%d\n", h) < 0 || fclose(pf))
			fail("pidfile");
	}
	return 0;
}

static int stage2(const char *name, int twice)
{
	int dev = open("/dev/liveupdate", O_RDWR);
	if (dev < 0)
		fail("open");
	struct lu_session s = { sizeof(s), -1, "" };
	strncpy(s.name, name, sizeof(s.name) - 1);
	if (ioctl(dev, LU_IO(0x01), &s))
		fail("RETRIEVE_SESSION");
	struct lu_fd f = { sizeof(f), -1, TOKEN };
	if (ioctl(s.fd, LU_IO(0x41), &f))
		fail("RETRIEVE_FD");
	struct stat st;
	if (fstat(f.fd, &st))
		fail("fstat");
	if (st.st_size != SIZE) {
		printf("size %lld, expected %d\n", (long long)st.st_size, SIZE);
		return 1;
	}
	if (!(fcntl(f.fd, F_GETFD) & FD_CLOEXEC)) {
		printf("retrieved fd %d is not O_CLOEXEC\n", f.fd);
		return 1;
	}
	off_t pos = lseek(f.fd, 0, SEEK_CUR);
	if (pos != POS_LATE) {
		printf("position %lld, expected %d\n", (long long)pos, POS_LATE);
		return 1;
	}
	unsigned char *p = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, f.fd, 0);
	if (p == MAP_FAILED)
		fail("mmap");
	for (size_t i = 0; i < SIZE; i++)
		if (p[i] != expected_at(i)) {
			printf("byte %zu is 0x%02x, expected 0x%02x\n", i, p[i], expected_at(i));
			return 1;
		}
	struct lu_fd g = { sizeof(g), -1, TOKEN + 1 };
	if (twice && ioctl(s.fd, LU_IO(0x41), &g))
		fail("RETRIEVE_FD of the second token");
	struct lu_finish fin = { sizeof(fin), 0 };
	if (ioctl(s.fd, LU_IO(0x42), &fin))
		fail("FINISH");
	printf("stage 2: %s restored, %d bytes equal, finished\n", name, SIZE);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4)
		return 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	int twice = strstr(argv[1], "-twice") != NULL;
	if (!strncmp(argv[1], "stage1", 6))
		return stage1(argv[2], argc == 4 ? argv[3] : NULL, twice);
	if (!strncmp(argv[1], "stage2", 6))
		return stage2(argv[2], twice);
	return 2;
}
