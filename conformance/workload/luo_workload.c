// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /init of kernel A for a capture: the shape of the kernel's luo_kexec_simple selftest. Opens
 * /dev/liveupdate, creates sessions "session-<i>", fills one memfd per session with the bytes of
 * /data/session-<i>-0.bin (khoemu's seeded content, so both sides hold the same data), preserves
 * it with khoemu's token for (session i, file 0), then kexec_file_load()s /bzImage with
 * CMDLINE, waits for a line on the console (the host's go, once gdb is attached) and reboots
 * into it. Kernel B is stopped by gdb at its entry; it runs nothing.
 * Built static against the kernel tree's installed uAPI headers (make headers_install).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/liveupdate.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SESSIONS
#define SESSIONS 3
#endif
#ifndef CMDLINE
#define CMDLINE "console=ttyS0 liveupdate=on panic=-1 kho=on"
#endif

static void die(const char *what)
{
	perror(what);
	fflush(stdout);
	for (;;)
		pause();
}

int main(void)
{
	static char buf[1 << 20];
	int lu, i;

	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	lu = open("/dev/liveupdate", O_RDWR);
	if (lu < 0)
		die("open /dev/liveupdate");
	for (i = 0; i < SESSIONS; i++) {
		struct liveupdate_ioctl_create_session cs = { .size = sizeof(cs) };
		struct liveupdate_session_preserve_fd pf = { .size = sizeof(pf) };
		char path[64], name[64];
		ssize_t n;
		int in, mfd;

		snprintf((char *)cs.name, sizeof(cs.name), "session-%d", i);
		if (ioctl(lu, LIVEUPDATE_IOCTL_CREATE_SESSION, &cs) < 0)
			die("CREATE_SESSION");
		snprintf(path, sizeof(path), "/data/session-%d-0.bin", i);
		in = open(path, O_RDONLY);
		if (in < 0)
			die(path);
		n = read(in, buf, sizeof(buf));
		if (n <= 0)
			die("read content");
		snprintf(name, sizeof(name), "session-%d-memfd-0", i);
		mfd = memfd_create(name, 0);
		if (mfd < 0 || write(mfd, buf, n) != n)
			die("memfd");
		pf.fd = mfd;
		/* khoemu's token: generation 1 << 40 | session << 20 | file */
		pf.token = (1ULL << 40) | ((unsigned long long)i << 20);
		if (ioctl(cs.fd, LIVEUPDATE_SESSION_PRESERVE_FD, &pf) < 0)
			die("PRESERVE_FD");
		printf("khocap: session-%d preserved %zd bytes, token 0x%llx\n", i, n, (unsigned long long)pf.token);
	}
	{
		const char *cmd = CMDLINE;
		unsigned long flags = KEXEC_FILE_NO_INITRAMFS;
		int k = open("/bzImage", O_RDONLY);

#ifdef KEXEC_FILE_DEBUG
		/* the loader logs where kernel B and its boot_params go: the script breaks there */
		flags |= KEXEC_FILE_DEBUG;
#endif
		if (k < 0 || syscall(SYS_kexec_file_load, k, -1, strlen(cmd) + 1, cmd, flags) < 0)
			die("kexec_file_load");
	}
	/*
	 * Hold here until the host says "go" on the console: the script attaches gdb and sets its
	 * breakpoint at kernel B's entry only now that the loader has logged where B lies, and the
	 * reboot must not race it. Without a console to read, fall back to a pause.
	 */
	printf("khocap: kernel B loaded; waiting for go\n");
	fflush(stdout);
	if (!fgets(buf, sizeof(buf), stdin))
		sleep(10);
	printf("khocap: rebooting into kernel B\n");
	fflush(stdout);
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	die("reboot");
	return 0;
}
