// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"

static ssize_t read_full(int fd, void *buf, size_t len)
{
	ssize_t n;

	do {
		n = read(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	return n;
}

static void run_child(int go, int err_fd, char **argv, const sigset_t *mask)
{
	char c;
	int e;

	/* EOF instead of the byte: the parent gave up, run nothing. */
	if (read_full(go, &c, 1) != 1)
		_exit(127);
	close(go);
	/* Our handlers would swallow a Ctrl-C meant for the command. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	execvp(argv[0], argv);
	e = errno;
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

int child_spawn(struct child *c, char **argv, const sigset_t *mask)
{
	int go[2], err[2], e;

	memset(c, 0, sizeof(*c));
	c->pid = -1;
	c->go_fd = c->err_fd = -1;
	if (pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(err, O_CLOEXEC)) {
		e = -errno;
		close(go[0]);
		close(go[1]);
		return e;
	}
	c->pid = fork();
	if (c->pid < 0) {
		e = -errno;
		close(go[0]);
		close(go[1]);
		close(err[0]);
		close(err[1]);
		return e;
	}
	if (!c->pid) {
		close(go[1]);
		close(err[0]);
		run_child(go[0], err[1], argv, mask);
	}
	close(go[0]);
	close(err[1]);
	c->go_fd = go[1];
	c->err_fd = err[0];
	return 0;
}

int child_release(struct child *c)
{
	ssize_t n;
	int e;

	n = write(c->go_fd, "g", 1);
	close(c->go_fd);
	c->go_fd = -1;
	if (n != 1)
		return -EPIPE;
	/* EOF: the exec closed the pipe. Anything else is its errno. */
	n = read_full(c->err_fd, &e, sizeof(e));
	close(c->err_fd);
	c->err_fd = -1;
	if (n == sizeof(e))
		return -e;
	return 0;
}

void child_abort(struct child *c)
{
	if (c->go_fd >= 0)
		close(c->go_fd);
	if (c->err_fd >= 0)
		close(c->err_fd);
	c->go_fd = c->err_fd = -1;
	child_finish(c, 1000);
}

bool child_exited(struct child *c)
{
	pid_t r;

	if (c->reaped || c->pid <= 0)
		return true;
	do {
		r = waitpid(c->pid, &c->status, WNOHANG);
	} while (r < 0 && errno == EINTR);
	if (r == c->pid || (r < 0 && errno == ECHILD))
		c->reaped = true;
	return c->reaped;
}

void child_finish(struct child *c, int grace_ms)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int waited;

	if (child_exited(c))
		return;
	kill(c->pid, SIGTERM);
	for (waited = 0; waited < grace_ms; waited += 10) {
		if (child_exited(c))
			return;
		nanosleep(&tick, NULL);
	}
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
		;
	c->reaped = true;
}

int child_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}
