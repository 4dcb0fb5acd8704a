/*
 * The user's terminal while a guest reads it: raw (every key goes to the
 * guest as it is typed, no echo: the guest echoes), and put back as it
 * was on every way out: the normal one, a fatal signal, or an exit that
 * skips teardown. Async-signal-safe where it has to be (tcsetattr is).
 */
#include <signal.h>
#include <stdbool.h>
#include <termios.h>
#include <unistd.h>

#include "sys/sys.h"

static struct termios saved;
static int saved_fd = -1;

void tty_restore(void)
{
	int fd = __atomic_exchange_n(&saved_fd, -1, __ATOMIC_SEQ_CST);

	if (fd >= 0)
		tcsetattr(fd, TCSAFLUSH, &saved);
}

static void restore_and_die(int sig)
{
	tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

int tty_raw(int fd)
{
	static const int fatal[] = {SIGTERM, SIGHUP, SIGQUIT, SIGINT};
	struct termios raw;
	unsigned i;

	if (!isatty(fd) || tcgetattr(fd, &saved) < 0)
		return -1;
	raw = saved;
	cfmakeraw(&raw);
	/* Keep turning "\n" into "\r\n" on the way out: xhvm's own lines. */
	raw.c_oflag |= OPOST | ONLCR;
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], restore_and_die);
	__atomic_store_n(&saved_fd, fd, __ATOMIC_SEQ_CST);
	if (tcsetattr(fd, TCSAFLUSH, &raw) < 0) {
		tty_restore();
		return -1;
	}
	return 0;
}
