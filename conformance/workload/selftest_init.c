// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /init of a guest that runs programs on a real LUO kernel, one boot at a time: mounts
 * devtmpfs (/dev/liveupdate), proc and sysfs, then follows /plan, one command a line:
 *   PROGRAM ARGS...   run it as a child, print "khocap-selftest: PROGRAM ARGS exited N"
 *   kexec             run `/bin/sh /do_kexec.sh` (KERNEL=/boot/bzImage, INITRAMFS=/boot/initramfs)
 *   poweroff          (also the end of the plan) print "khocap-selftest: done" and power off
 * Each boot's initramfs carries its own /plan (and the next boot's initramfs in /boot), so the
 * same init drives stage 1, the kexec and stage 2 of the kernel's two-stage selftests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char **argv)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		perror("fork/wait");
		return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void)
{
	static char line[512];
	FILE *plan;

	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	setenv("PATH", "/bin:/sbin", 1);
	setenv("KERNEL", "/boot/bzImage", 1);
	setenv("INITRAMFS", "/boot/initramfs", 1);
	plan = fopen("/plan", "r");
	while (plan && fgets(line, sizeof(line), plan)) {
		char *argv[32], *tok, *save;
		int argc = 0, rc;

		line[strcspn(line, "\n")] = 0;
		for (tok = strtok_r(line, " ", &save); tok && argc < 31; tok = strtok_r(NULL, " ", &save))
			argv[argc++] = tok;
		argv[argc] = NULL;
		if (!argc)
			continue;
		if (!strcmp(argv[0], "poweroff"))
			break;
		if (!strcmp(argv[0], "kexec")) {
			char *sh[] = { "/bin/sh", "/do_kexec.sh", NULL };

			printf("khocap-selftest: kexec into the next boot\n");
			fflush(stdout);
			rc = run(sh);
			printf("khocap-selftest: do_kexec.sh returned %d\n", rc);
			break;
		}
		rc = run(argv);
		printf("khocap-selftest:");
		for (int i = 0; i < argc; i++)
			printf(" %s", argv[i]);
		printf(" exited %d\n", rc);
		fflush(stdout);
	}
	printf("khocap-selftest: done\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
