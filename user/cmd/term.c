// SPDX-License-Identifier: GPL-2.0
/* A full-screen view's terminal, restored on every way out. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "term.h"

/* Alternate screen on, cursor hidden, home; and the reverse. */
#define SCREEN_ON	"\033[?1049h\033[?25l\033[H\033[2J"
#define SCREEN_OFF	"\033[?25h\033[?1049l"

static int term_fd = -1;
static struct termios saved;
static volatile sig_atomic_t taken;
static volatile sig_atomic_t redraw;

static const int fatal_signals[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT,
};

/* Async-signal-safe: only write() and tcsetattr(). */
static void give_back(void)
{
	ssize_t n;

	if (!taken)
		return;
	taken = 0;
	tcsetattr(term_fd, TCSAFLUSH, &saved);
	n = write(term_fd, SCREEN_OFF, sizeof(SCREEN_OFF) - 1);
	(void)n;
}

static int take(void)
{
	struct termios raw = saved;
	ssize_t n;

	/* Keys one by one, unechoed; ISIG kept so Ctrl-C is SIGINT. */
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(term_fd, TCSAFLUSH, &raw))
		return -errno;
	taken = 1;
	n = write(term_fd, SCREEN_ON, sizeof(SCREEN_ON) - 1);
	(void)n;
	return 0;
}

static void on_fatal(int sig)
{
	give_back();
	signal(sig, SIG_DFL);
	raise(sig);	/* delivered when the handler returns */
}

/* Ctrl-Z: the shell gets its terminal back while we are stopped. */
static void on_tstp(int sig)
{
	(void)sig;
	give_back();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
}

static void on_tstp_install(void);

static void on_cont(int sig)
{
	int saved_errno = errno;

	(void)sig;
	if (term_fd >= 0 && !taken)
		take();
	on_tstp_install();
	redraw = 1;
	errno = saved_errno;
}

static void on_winch(int sig)
{
	(void)sig;
	redraw = 1;
}

static void on_tstp_install(void)
{
	struct sigaction sa = { 0 };

	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
}

int term_enter(int fd)
{
	struct sigaction sa = { 0 };
	size_t i;
	int err;

	if (!isatty(fd))
		return -ENOTTY;
	if (tcgetattr(fd, &saved))
		return -errno;
	term_fd = fd;
	err = take();
	if (err) {
		term_fd = -1;
		return err;
	}
	atexit(term_leave);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaction(fatal_signals[i], &sa, NULL);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, NULL);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	on_tstp_install();
	return 0;
}

void term_leave(void)
{
	size_t i;

	if (term_fd < 0)
		return;
	signal(SIGTSTP, SIG_DFL);
	signal(SIGCONT, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		signal(fatal_signals[i], SIG_DFL);
	give_back();
	term_fd = -1;
}

bool term_redraw_due(void)
{
	bool due = redraw;

	redraw = 0;
	return due;
}

void term_size(int fd, unsigned int *rows, unsigned int *cols)
{
	struct winsize ws;

	*rows = 24;
	*cols = 80;
	if (!ioctl(fd, TIOCGWINSZ, &ws) && ws.ws_row && ws.ws_col) {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
	}
}
