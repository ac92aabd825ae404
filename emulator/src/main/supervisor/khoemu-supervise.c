// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * khoemu-supervise SOCKET CMD [ARGS...]
 * khoemu-supervise --kexec [--socket SOCKET] [kexec options]   (also as argv[0] "kexec")
 * khoemu-supervise --probe SOCKET
 *
 * Runs CMD under a seccomp user-notification filter that stops only open/openat (to find
 * "/dev/liveupdate") and ioctl with type 0xBA; every other system call runs on the host kernel.
 * Those requests go to `khoemu serve` over SOCKET, whose kernel model answers them. Each LUO file
 * (the device, a session) is one end of a socketpair placed in the target with SECCOMP_ADDFD: the
 * host kernel then counts its references across fork, dup, exec and exit, and a hang-up on our
 * end is the release. A memfd given to PRESERVE_FD is taken with pidfd_getfd (the kernel's fget)
 * and its bytes and position imported; a retrieved memfd is a new host memfd with the served bytes.
 *
 * The first process waits for CMD and exits with its status; a forked child keeps serving for
 * whatever CMD left behind (e.g. a holder of session fds) until no filtered task and no LUO file
 * remain.
 *
 * --kexec is `khoemu kexec` without a JVM, in the manner of kexec-tools for scripts such as the
 * selftests' do_kexec.sh: `-l` (load) is accepted and its image ignored, because the served
 * machine boots khoemu's own next kernel; `-e` (exec) asks the server for the kexec. --probe
 * says by its status whether a server answers at SOCKET (the launcher's test before the fast path).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEV "/dev/liveupdate"
#define LUO_TYPE 0xBA
#define CREATE_SESSION 0xBA00
#define RETRIEVE_SESSION 0xBA01
#define PRESERVE_FD 0xBA40
#define MAX_ARG 4096
#define MAX_OBJ 1024

enum { OP_OPEN = 1, OP_IOCTL = 2, OP_IMPORT = 3, OP_RELEASE = 4, OP_KEXEC = 5 };
/* java.io.tmpdir on Linux is /tmp: the default socket of `khoemu serve` */
#define DEFAULT_SOCKET "/tmp/khoemu.sock"
enum { OUT_NONE = 0, OUT_LUO_FILE = 1, OUT_MEMFD = 2 };

/* one LUO file the target holds: our socketpair end, the inode of the target's end, the served fd */
struct obj { int end; dev_t dev; ino_t ino; int served; };
static struct obj objs[MAX_OBJ];
static int nobj;
/* memfds imported for PRESERVE_FD: our pidfd_getfd copy stays open (the kernel's reference), so
 * that the server reads their bytes and position again at kexec through /proc/OUR_PID/fd/COPY, and
 * so that one host file is one served file however often it is preserved */
struct imp { dev_t dev; ino_t ino; int copy; int32_t served; };
static struct imp imps[MAX_OBJ];
static int nimp;
static int srv;

static void die(const char *what)
{
	fprintf(stderr, "khoemu-supervise: %s: %s\n", what, strerror(errno));
	exit(125);
}

static void xfer(int write_, void *buf, size_t n)
{
	char *p = buf;
	while (n) {
		ssize_t r = write_ ? write(srv, p, n) : read(srv, p, n);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			fprintf(stderr, "khoemu-supervise: the khoemu server went away\n");
			exit(125);
		}
		p += r;
		n -= (size_t)r;
	}
}

/* one request: op, payload length, payload (head then tail); returns the reply length */
static uint32_t request(uint32_t op, const void *head, uint32_t hlen, const void *tail, uint32_t tlen)
{
	uint32_t h[2] = { op, hlen + tlen }, rlen;
	xfer(1, h, sizeof(h));
	if (hlen)
		xfer(1, (void *)head, hlen);
	if (tlen)
		xfer(1, (void *)tail, tlen);
	xfer(0, &rlen, sizeof(rlen));
	return rlen;
}

static int32_t reply_s32(uint32_t rlen)
{
	int32_t v;
	if (rlen < 4) {
		fprintf(stderr, "khoemu-supervise: short reply\n");
		exit(125);
	}
	xfer(0, &v, 4);
	return v;
}

static struct obj *find_obj(int fd_in_us)
{
	struct stat st;
	if (fstat(fd_in_us, &st))
		return NULL;
	for (int i = 0; i < nobj; i++)
		if (objs[i].dev == st.st_dev && objs[i].ino == st.st_ino)
			return &objs[i];
	return NULL;
}

static int vm_io(pid_t pid, int write_, void *buf, size_t n, uint64_t addr)
{
	struct iovec l = { buf, n }, r = { (void *)(uintptr_t)addr, n };
	ssize_t got = write_ ? process_vm_writev(pid, &l, 1, &r, 1, 0) : process_vm_readv(pid, &l, 1, &r, 1, 0);
	return got == (ssize_t)n ? 0 : -1;
}

/* a NUL-terminated path of at most PATH_MAX bytes, read a page at a time so that a string near
 * the end of a mapping is still read */
static int read_path(pid_t pid, uint64_t addr, char *out, size_t cap)
{
	size_t got = 0;
	while (got < cap - 1) {
		size_t room = 4096 - ((addr + got) & 4095);
		if (room > cap - 1 - got)
			room = cap - 1 - got;
		if (vm_io(pid, 0, out + got, room, addr + got))
			return -1;
		if (memchr(out + got, 0, room))
			return 0;
		got += room;
	}
	out[cap - 1] = 0;
	return 0;
}

static void respond(int lfd, struct seccomp_notif *n, int64_t val, int err, int cont)
{
	struct seccomp_notif_resp r = { .id = n->id, .val = val, .error = err,
		.flags = cont ? SECCOMP_USER_NOTIF_FLAG_CONTINUE : 0 };
	if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &r) && errno != ENOENT)
		die("SECCOMP_IOCTL_NOTIF_SEND");
}

/* puts a new LUO file (served fd) into the target; returns its fd there, or -errno */
static int add_obj(int lfd, struct seccomp_notif *n, int served, int cloexec, int send)
{
	int sv[2];
	struct stat st;
	if (nobj == MAX_OBJ || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -EMFILE;
	fstat(sv[1], &st);
	struct seccomp_notif_addfd a = { .id = n->id, .flags = send ? SECCOMP_ADDFD_FLAG_SEND : 0,
		.srcfd = (uint32_t)sv[1], .newfd_flags = cloexec ? O_CLOEXEC : 0 };
	int fd = ioctl(lfd, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
	int e = errno;
	close(sv[1]);
	if (fd < 0) {
		close(sv[0]);
		return -e;
	}
	objs[nobj++] = (struct obj){ sv[0], st.st_dev, st.st_ino, served };
	return fd;
}

static void release(int i)
{
	int32_t fd = objs[i].served;
	close(objs[i].end);
	objs[i] = objs[--nobj];
	uint32_t rl = request(OP_RELEASE, &fd, 4, NULL, 0);
	reply_s32(rl);
}

static void on_open(int lfd, struct seccomp_notif *n, uint64_t path, int flags, pid_t pid)
{
	char p[4096];
	if (read_path(pid, path, p, sizeof(p)) || strcmp(p, DEV)) {
		respond(lfd, n, 0, 0, 1);
		return;
	}
	int32_t r = reply_s32(request(OP_OPEN, DEV, sizeof(DEV) - 1, NULL, 0));
	if (r < 0) {
		respond(lfd, n, 0, r, 0);
		return;
	}
	int fd = add_obj(lfd, n, r, flags & O_CLOEXEC, 1);
	if (fd < 0) {
		int32_t s = r;
		reply_s32(request(OP_RELEASE, &s, 4, NULL, 0));
		respond(lfd, n, 0, fd, 0);
	}
}

/*
 * PRESERVE_FD's file as a served fd in *served: a LUO file we placed is its own served fd; any
 * other file is imported (a memfd with its bytes and position), *imported then says the served fd
 * is a copy to drop after the ioctl. Returns 0 or -errno.
 */
static int import_file(int pidfd, int ufd, int32_t *served, int *imported)
{
	int hf = (int)syscall(SYS_pidfd_getfd, pidfd, ufd, 0);
	if (hf < 0)
		return -EBADF;
	struct obj *o = find_obj(hf);
	if (o) {
		close(hf);
		*served = o->served;
		*imported = 0;
		return 0;
	}
	char link[64], target[256] = "";
	snprintf(link, sizeof(link), "/proc/self/fd/%d", hf);
	ssize_t tl = readlink(link, target, sizeof(target) - 1);
	target[tl < 0 ? 0 : tl] = 0;
	struct stat st;
	fstat(hf, &st);
	/* kind (1: memfd), position, our pid, our copy's fd */
	uint64_t head[4] = { 0, 0, (uint64_t)getpid(), (uint64_t)hf };
	char *bytes = NULL;
	size_t size = 0;
	int memfd = !strncmp(target, "/memfd:", 7) && S_ISREG(st.st_mode);
	for (int i = 0; memfd && i < nimp; i++)
		if (imps[i].dev == st.st_dev && imps[i].ino == st.st_ino) {
			close(hf);
			*served = imps[i].served;
			*imported = 0;
			return 0;
		}
	if (memfd) {
		if (nimp == MAX_OBJ) {
			close(hf);
			return -EMFILE;
		}
		head[0] = 1;
		head[1] = (uint64_t)lseek(hf, 0, SEEK_CUR);
		size = (size_t)st.st_size;
		bytes = malloc(size ? size : 1);
		if (!bytes || pread(hf, bytes, size, 0) != (ssize_t)size) {
			close(hf);
			free(bytes);
			return -EIO;
		}
	}
	int32_t r = reply_s32(request(OP_IMPORT, head, sizeof(head), bytes, (uint32_t)size));
	free(bytes);
	if (r < 0 || !memfd)
		close(hf);
	if (r < 0)
		return r;
	*served = r;
	*imported = !memfd;
	if (memfd)
		imps[nimp++] = (struct imp){ st.st_dev, st.st_ino, hf, r };
	return 0;
}

static void on_ioctl(int lfd, struct seccomp_notif *n, int pidfd, pid_t pid)
{
	int ufd = (int)n->data.args[0];
	uint32_t req = (uint32_t)n->data.args[1];
	uint64_t argp = n->data.args[2];
	int hf = (int)syscall(SYS_pidfd_getfd, pidfd, ufd, 0);
	struct obj *o = hf < 0 ? NULL : find_obj(hf);
	if (hf >= 0)
		close(hf);
	if (!o) { /* not a LUO file: the host's ioctl answers */
		respond(lfd, n, 0, 0, 1);
		return;
	}
	uint32_t size;
	if (vm_io(pid, 0, &size, 4, argp)) {
		respond(lfd, n, 0, -EFAULT, 0);
		return;
	}
	uint32_t len = size < 4 ? 4 : size > MAX_ARG ? MAX_ARG : size;
	unsigned char arg[MAX_ARG];
	if (vm_io(pid, 0, arg, len, argp)) {
		respond(lfd, n, 0, -EFAULT, 0);
		return;
	}
	int32_t head[3] = { o->served, (int32_t)req, -1 };
	int32_t user_fd = 0;
	if (req == PRESERVE_FD && len >= 8) {
		memcpy(&user_fd, arg + 4, 4);
		int32_t s;
		int imported, e = import_file(pidfd, user_fd, &s, &imported);
		if (e) {
			respond(lfd, n, 0, e, 0);
			return;
		}
		if (imported)
			head[2] = s;
		memcpy(arg + 4, &s, 4);
	}
	uint32_t rl = request(OP_IOCTL, head, sizeof(head), arg, len);
	int32_t ret = reply_s32(rl);
	uint32_t alen, kind;
	xfer(0, &alen, 4);
	if (alen > MAX_ARG)
		die("reply too long");
	xfer(0, arg, alen);
	xfer(0, &kind, 4);
	if (req == PRESERVE_FD && len >= 8)
		memcpy(arg + 4, &user_fd, 4);
	int32_t newfd = -1;
	if (kind == OUT_LUO_FILE) {
		int32_t served;
		memcpy(&served, arg + 4, 4);
		newfd = add_obj(lfd, n, served, 1, 0);
		if (newfd < 0) /* the program never sees it: the served file goes as its close would */
			reply_s32(request(OP_RELEASE, &served, 4, NULL, 0));
	} else if (kind == OUT_MEMFD) {
		uint64_t mh[2];
		xfer(0, mh, sizeof(mh));
		char *b = malloc(mh[1] ? mh[1] : 1);
		if (!b)
			die("malloc");
		xfer(0, b, (size_t)mh[1]);
		int mf = memfd_create("luo", MFD_CLOEXEC);
		if (mf < 0 || ftruncate(mf, (off_t)mh[1]) || pwrite(mf, b, mh[1], 0) != (ssize_t)mh[1])
			die("memfd for a retrieved file");
		free(b);
		lseek(mf, (off_t)mh[0], SEEK_SET);
		struct seccomp_notif_addfd a = { .id = n->id, .srcfd = (uint32_t)mf, .newfd_flags = O_CLOEXEC };
		newfd = ioctl(lfd, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
		if (newfd < 0)
			newfd = -errno;
		close(mf);
	}
	if (newfd < -1 || (kind != OUT_NONE && newfd < 0)) {
		respond(lfd, n, 0, newfd, 0);
		return;
	}
	if (kind != OUT_NONE)
		memcpy(arg + 4, &newfd, 4);
	if (ret >= 0 && vm_io(pid, 1, arg, alen < len ? alen : len, argp)) {
		respond(lfd, n, 0, -EFAULT, 0);
		return;
	}
	respond(lfd, n, ret < 0 ? 0 : ret, ret < 0 ? ret : 0, 0);
}

static void on_notify(int lfd)
{
	struct seccomp_notif n;
	memset(&n, 0, sizeof(n));
	if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &n)) {
		if (errno == EINTR || errno == ENOENT)
			return;
		die("SECCOMP_IOCTL_NOTIF_RECV");
	}
	int pidfd = (int)syscall(SYS_pidfd_open, n.pid, 0);
	/* the notification still valid after pidfd_open: the pid is the task's, not a reused one */
	if (pidfd < 0 || ioctl(lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &n.id)) {
		if (pidfd >= 0)
			close(pidfd);
		respond(lfd, &n, 0, -ESRCH, 0);
		return;
	}
	if (n.data.nr == __NR_openat)
		on_open(lfd, &n, n.data.args[1], (int)n.data.args[2], n.pid);
	else if (n.data.nr == __NR_open)
		on_open(lfd, &n, n.data.args[0], (int)n.data.args[1], n.pid);
	else
		on_ioctl(lfd, &n, pidfd, n.pid);
	close(pidfd);
}

static pid_t cmd_pid;
static int status_fd = -1;

/* reaps every exited child; CMD's status goes to the first process, which exits with it */
static void reap(int options)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, options)) > 0) {
		if (pid == cmd_pid && status_fd >= 0) {
			int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			if (write(status_fd, &code, sizeof(code)) != sizeof(code))
				die("status pipe");
			close(status_fd);
			status_fd = -1;
		}
		if (options & WNOHANG)
			continue;
		break;
	}
}

/* the kernel these processes used is gone (kexec) or the server stopped: as at a reboot, every
 * process CMD left behind ends; orphans were reparented to us (we are their subreaper) */
static void kill_all(void)
{
	char path[64], buf[4096];
	for (;;) {
		snprintf(path, sizeof(path), "/proc/self/task/%d/children", getpid());
		int f = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n = f < 0 ? -1 : read(f, buf, sizeof(buf) - 1);
		if (f >= 0)
			close(f);
		if (n <= 0)
			break;
		buf[n] = 0;
		for (char *t = strtok(buf, " \n"); t; t = strtok(NULL, " \n"))
			kill((pid_t)atoi(t), SIGKILL);
		reap(0);
	}
	reap(WNOHANG);
}

enum { P_LISTENER, P_SERVER, P_SIGCHLD, P_OBJ };

static void serve(int lfd, int sigfd)
{
	struct pollfd p[MAX_OBJ + P_OBJ];
	for (;;) {
		p[P_LISTENER] = (struct pollfd){ lfd, POLLIN, 0 };
		p[P_SERVER] = (struct pollfd){ srv, POLLIN, 0 };
		p[P_SIGCHLD] = (struct pollfd){ sigfd, POLLIN, 0 };
		for (int i = 0; i < nobj; i++)
			p[i + P_OBJ] = (struct pollfd){ objs[i].end, POLLIN, 0 };
		int n = nobj;
		if (poll(p, (nfds_t)n + P_OBJ, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (p[P_SIGCHLD].revents & POLLIN) {
			struct signalfd_siginfo si;
			if (read(sigfd, &si, sizeof(si)) < 0 && errno != EAGAIN)
				die("signalfd");
			reap(WNOHANG);
		}
		if (p[P_SERVER].revents) { /* nothing is asked of us between requests: the server went away */
			kill_all();
			return;
		}
		/* releases first, highest index first so that removal keeps the rest in place */
		for (int i = n - 1; i >= 0; i--)
			if (p[i + P_OBJ].revents & (POLLHUP | POLLIN | POLLERR))
				release(i);
		if (p[P_LISTENER].revents & POLLIN) {
			on_notify(lfd);
		} else if ((p[P_LISTENER].revents & POLLHUP) && nobj == 0) {
			kill_all(); /* no filtered task is left; this reaps what has not been reaped */
			return;
		}
	}
}

static int install_filter(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		/* the ioctl's type: bits 8..15 of the request (the low word of args[1] on little-endian) */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff00),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LUO_TYPE << 8, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die("PR_SET_NO_NEW_PRIVS");
	int lfd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (lfd < 0)
		die("seccomp(SECCOMP_FILTER_FLAG_NEW_LISTENER)");
	return lfd;
}

static void send_fd(int s, int fd)
{
	char c = 0, buf[CMSG_SPACE(sizeof(int))];
	struct iovec io = { &c, 1 };
	struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	if (sendmsg(s, &m, 0) != 1)
		die("sendmsg");
}

static int recv_fd(int s)
{
	char c, buf[CMSG_SPACE(sizeof(int))];
	struct iovec io = { &c, 1 };
	struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = buf, .msg_controllen = sizeof(buf) };
	if (recvmsg(s, &m, 0) != 1)
		die("recvmsg");
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	int fd;
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		die("no listener fd");
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* a connection to the server at path in srv; -1 with errno set (ENAMETOOLONG for a long path) */
static int connect_server(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv < 0)
		return -1;
	if (connect(srv, (struct sockaddr *)&sa, sizeof(sa))) {
		int e = errno;
		close(srv);
		errno = e;
		return -1;
	}
	return 0;
}

static int usage_kexec(const char *what)
{
	fprintf(stderr, "kexec: %s (khoemu's kexec knows -l/--load, -e/--exec, -u/--unload, -s, --socket PATH)\n", what);
	return 2;
}

/* kexec-tools' command line as do_kexec.sh uses it; only -e does something */
static int kexec_main(int argc, char **argv)
{
	const char *sock = getenv("KHOEMU_SOCKET");
	int exec_ = 0, action = 0;
	if (!sock || !*sock)
		sock = DEFAULT_SOCKET;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--kexec"))
			continue;
		if (!strcmp(a, "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (!strcmp(a, "-e") || !strcmp(a, "--exec")) {
			exec_ = action = 1;
		} else if (!strcmp(a, "-l") || !strcmp(a, "--load") || !strcmp(a, "-u") || !strcmp(a, "--unload")) {
			action = 1;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--kexec-file-syscall") || !strcmp(a, "-c")
			   || !strcmp(a, "--kexec-syscall") || !strcmp(a, "-d") || !strcmp(a, "--debug")) {
			continue;
		} else if (!strncmp(a, "--", 2)) {
			continue; /* --reuse-cmdline, --initrd=F, --append=S, --command-line=S: for the ignored image */
		} else if (a[0] == '-') {
			char m[64];
			snprintf(m, sizeof(m), "unsupported option %.40s", a);
			return usage_kexec(m);
		}
		/* else the kernel image: khoemu boots its own next kernel */
	}
	if (!action)
		return usage_kexec("nothing to do: give -l or -e");
	if (!exec_)
		return 0;
	if (connect_server(sock)) {
		fprintf(stderr, "khoemu: %s: %s (is 'khoemu serve' running?)\n", sock, strerror(errno));
		return 1;
	}
	uint32_t rlen = request(OP_KEXEC, NULL, 0, NULL, 0);
	if (rlen < 4 || rlen > (1u << 20)) {
		fprintf(stderr, "khoemu: kexec: bad reply from the server\n");
		return 1;
	}
	int32_t status;
	char *msg = malloc(rlen - 4 + 1);
	if (!msg)
		die("malloc");
	xfer(0, &status, 4);
	xfer(0, msg, rlen - 4);
	msg[rlen - 4] = 0;
	if (status == 0)
		printf("%s\n", msg);
	else
		fprintf(stderr, "khoemu: kexec failed: %s\n", msg);
	return status == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];
	if (!strcmp(base, "kexec") || (argc > 1 && !strcmp(argv[1], "--kexec")))
		return kexec_main(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "--probe"))
		return connect_server(argv[2]) ? 1 : 0;
	if (argc < 3) {
		fprintf(stderr, "usage: khoemu-supervise SOCKET CMD [ARGS...]\n");
		return 2;
	}
	if (connect_server(argv[1])) {
		fprintf(stderr, "khoemu-supervise: %s: %s (is `khoemu serve` running?)\n", argv[1], strerror(errno));
		return 125;
	}
	int sv[2], stp[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) || pipe2(stp, O_CLOEXEC))
		die("socketpair");
	/*
	 * The serving process S is CMD's parent and the subreaper of all it leaves behind, so that it
	 * can end them when the kernel they used goes away; CMD's status reaches us through a pipe.
	 */
	pid_t server = fork();
	if (server < 0)
		die("fork");
	if (server == 0) {
		close(stp[0]);
		status_fd = stp[1];
		sigset_t chld, old;
		sigemptyset(&chld);
		sigaddset(&chld, SIGCHLD);
		sigprocmask(SIG_BLOCK, &chld, &old);
		int sigfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
		if (sigfd < 0 || prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
			die("signalfd/PR_SET_CHILD_SUBREAPER");
		cmd_pid = fork();
		if (cmd_pid < 0)
			die("fork");
		if (cmd_pid == 0) {
			sigprocmask(SIG_SETMASK, &old, NULL);
			close(sv[0]);
			close(srv);
			close(sigfd);
			close(stp[1]);
			int lfd = install_filter();
			send_fd(sv[1], lfd);
			close(lfd);
			close(sv[1]);
			execvp(argv[2], argv + 2);
			fprintf(stderr, "khoemu-supervise: %s: %s\n", argv[2], strerror(errno));
			_exit(127);
		}
		close(sv[1]);
		int lfd = recv_fd(sv[0]);
		close(sv[0]);
		/* outlives CMD while its children hold LUO files; no terminal, no pipe kept open */
		setsid();
		signal(SIGPIPE, SIG_IGN);
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		if (!getenv("KHOEMU_SUPERVISE_STDERR"))
			dup2(null, 2);
		serve(lfd, sigfd);
		reap(0);
		_exit(0);
	}
	close(sv[0]);
	close(sv[1]);
	close(stp[1]);
	close(srv);
	int code;
	ssize_t got;
	while ((got = read(stp[0], &code, sizeof(code))) < 0 && errno == EINTR)
		;
	if (got != sizeof(code)) {
		fprintf(stderr, "khoemu-supervise: the supervisor ended before %s\n", argv[2]);
		return 125;
	}
	return code;
}
