// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The two kexec-tools calls the kernel's do_kexec.sh makes, for a guest without kexec-tools
 * (Debian's kexec binary needs the Xen control libraries): `kexec -l -s --reuse-cmdline KERNEL
 * [--initrd=FILE]` loads KERNEL with kexec_file_load and the running kernel's /proc/cmdline,
 * and `kexec -e` reboots into it. Nothing else of kexec-tools is offered; any other option is
 * refused, so do_kexec.sh runs unmodified or fails loudly.
 */
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static int usage(const char *why)
{
	fprintf(stderr, "kexec: %s (only -l -s --reuse-cmdline KERNEL [--initrd=FILE] and -e)\n", why);
	return 2;
}

int main(int argc, char **argv)
{
	const char *kernel = NULL, *initrd = NULL;
	int load = 0, file = 0, reuse = 0, i;
	static char cmd[4096];
	unsigned long flags = 0;
	int kfd, ifd = -1;
	ssize_t n;

	if (argc == 2 && !strcmp(argv[1], "-e")) {
		sync();
		reboot(LINUX_REBOOT_CMD_KEXEC);
		perror("kexec: reboot");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-l"))
			load = 1;
		else if (!strcmp(argv[i], "-s"))
			file = 1;
		else if (!strcmp(argv[i], "--reuse-cmdline"))
			reuse = 1;
		else if (!strncmp(argv[i], "--initrd=", 9))
			initrd = argv[i] + 9;
		else if (argv[i][0] != '-' && !kernel)
			kernel = argv[i];
		else
			return usage(argv[i]);
	}
	if (!load || !file || !reuse || !kernel)
		return usage("missing -l, -s, --reuse-cmdline or KERNEL");
	i = open("/proc/cmdline", O_RDONLY);
	n = i < 0 ? -1 : read(i, cmd, sizeof(cmd) - 1);
	if (n <= 0)
		return perror("kexec: /proc/cmdline"), 1;
	cmd[n] = 0;
	if (cmd[n - 1] == '\n')
		cmd[n - 1] = 0;
	kfd = open(kernel, O_RDONLY);
	if (kfd < 0)
		return perror(kernel), 1;
	if (initrd) {
		ifd = open(initrd, O_RDONLY);
		if (ifd < 0)
			return perror(initrd), 1;
	} else {
		flags |= KEXEC_FILE_NO_INITRAMFS;
	}
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(cmd) + 1, cmd, flags) < 0)
		return perror("kexec: kexec_file_load"), 1;
	return 0;
}
