// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /init of a guest that runs one program (argv[1..] of this init's own command line, or
 * /liveupdate when none is given) on a real LUO kernel: mounts devtmpfs so /dev/liveupdate
 * exists, runs the program as a child (a kselftest harness forks, waits and reports on the
 * console), prints its exit status in one line the host script looks for, and powers off.
 */
#include <stdio.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *def[] = { "/liveupdate", NULL };
	char **run = argc > 1 ? argv + 1 : def;
	int status = 0;
	pid_t pid;

	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	pid = fork();
	if (pid == 0) {
		execv(run[0], run);
		perror(run[0]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		perror("fork/wait");
	printf("khocap-selftest: %s exited %d\n", run[0], WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
