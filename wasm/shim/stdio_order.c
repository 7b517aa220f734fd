/* stdout's lines come out before anything on stderr, as they do natively.
 *
 * Upstream's main.c line-buffers stdout, so natively every complete line has
 * been written by the time anything goes to stderr (unbuffered), and a
 * file that takes both (`2>&1`) holds them in the order they were printed.
 * The module buffers stdout in blocks instead (printf.c: a write per line
 * is slow). To keep that order, every write to stderr first lets stdout's
 * complete lines out, and keeps a partial last line buffered, where line
 * buffering keeps it. printf.c's setlinebuf() installs this.
 *
 * It works on the C library's FILE (musl's stdio_impl.h, from emscripten's
 * own tree): the write hook of stderr, and stdout's buffer pointers.
 */
#include <string.h>
#include "stdio_impl.h"

static size_t (*stderr_write)(FILE *, const unsigned char *, size_t);

/* Writes stdout's buffered bytes up to and including the last newline. */
static void release_stdout_lines(void)
{
	FILE *out = stdout;
	unsigned char *end, *nl;
	size_t tail;

	if (!out->wpos || out->wpos == out->wbase)
		return;
	end = out->wpos;
	for (nl = end; nl > out->wbase && nl[-1] != '\n'; nl--)
		;
	if (nl == out->wbase)
		return;
	tail = end - nl;
	out->wpos = nl;
	if (fflush(out) != 0)
		return; /* the stream is in error, as it would be natively after a failed write */
	/* fflush() empties the buffer from its start; the partial line moves there. */
	memmove(out->wpos, nl, tail);
	out->wpos += tail;
}

static size_t ordered_stderr_write(FILE *f, const unsigned char *buf, size_t len)
{
	release_stdout_lines();
	return stderr_write(f, buf, len);
}

void bpftool_wasm_order_stderr(void)
{
	if (!stderr_write) {
		stderr_write = stderr->write;
		stderr->write = ordered_stderr_write;
	}
}
