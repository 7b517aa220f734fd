/* printf(), vprintf() and vfprintf() for the upstream code, with a fast path.
 *
 * Skeletons print the object byte by byte (print_hex: one printf("\\x%02x")
 * per byte) and btf dump prints type by type, so these calls are most of the
 * work of the commands that produce large outputs. The C library's vfprintf
 * walks every format twice (once for positional arguments, once to print),
 * and hands each piece to the stream separately; that made `gen skeleton`
 * of a 2 MB object half again as slow as native.
 *
 * Here a format whose conversions are all plain ones (%d %i %u %x %X %c %s
 * and %%, with the '-' and '0' flags, a width, '*', a precision for %s, and
 * the hh h l ll z j length modifiers) is printed in one pass into a local
 * buffer and written with one fwrite(). The text is exactly what the C
 * library would print for the same arguments. Any other format (positional
 * arguments, '+', ' ', '#', an integer precision, floating point, %p, %n, ...)
 * goes to the C library's vfprintf as it is.
 *
 * On a stream buffered in blocks (stdout, files) the text goes straight into
 * the stream's buffer, piece by piece, as the C library's own vfprintf puts
 * it there; only what does not fit goes through fwrite(). In a short CLI run
 * this is Liftoff code (V8's baseline compiler, which inlines nothing), once
 * per byte of a skeleton's object: with a local buffer, then fwrite() and a
 * memcpy() per piece, `gen skeleton` of a 1.9 MB object took 195 ms as a
 * process; this way, with the pieces' functions inlined here, 160 ms.
 *
 * setlinebuf() of stdout is here too (at the end): the module's stdout is
 * buffered in blocks, not lines, with stderr kept in order (stdio_order.c).
 *
 * Compiled without host.h, so that the C library's functions stay reachable,
 * and with musl's stdio_impl.h (emscripten's own tree) for the FILE's buffer.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stdio_impl.h"

#define LOCAL_BUFFER 512
#define NULL_PAGE_BYTES 1024 /* poisoned by src/core/run.ts */
#define MAX_WIDTH 4096 /* wider fields are left to the C library */

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J };

struct conversion {
	int left;      /* '-' */
	int zero;      /* '0' */
	int width;     /* -1: taken from the arguments ('*') */
	int precision; /* -1: none; -2: taken from the arguments ('.*') */
	enum length length;
	char conv;
};

/* Parses the conversion that starts after a '%' at *p. Returns 0, leaving *p
 * alone, if it is not one of the plain ones. */
static int parse_conversion(const char **p, struct conversion *c)
{
	const char *q = *p;

	c->left = c->zero = 0;
	c->width = 0;
	c->precision = -1;
	c->length = LEN_NONE;

	for (;; q++) {
		if (*q == '-')
			c->left = 1;
		else if (*q == '0')
			c->zero = 1;
		else
			break;
	}
	if (*q == '*') {
		c->width = -1;
		q++;
	} else {
		while (*q >= '0' && *q <= '9') {
			c->width = c->width * 10 + (*q++ - '0');
			if (c->width > MAX_WIDTH)
				return 0;
		}
	}
	if (*q == '.') {
		q++;
		if (*q == '*') {
			c->precision = -2;
			q++;
		} else {
			c->precision = 0;
			while (*q >= '0' && *q <= '9') {
				c->precision = c->precision * 10 + (*q++ - '0');
				if (c->precision > MAX_WIDTH)
					return 0;
			}
		}
	}
	switch (*q) {
	case 'h':
		c->length = q[1] == 'h' ? LEN_HH : LEN_H;
		q += c->length == LEN_HH ? 2 : 1;
		break;
	case 'l':
		c->length = q[1] == 'l' ? LEN_LL : LEN_L;
		q += c->length == LEN_LL ? 2 : 1;
		break;
	case 'z':
		c->length = LEN_Z;
		q++;
		break;
	case 'j':
		c->length = LEN_J;
		q++;
		break;
	}

	c->conv = *q++;
	switch (c->conv) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
		if (c->precision != -1) /* an integer precision changes zero padding */
			return 0;
		break;
	case 'c':
	case 's':
		if (c->length != LEN_NONE || c->zero)
			return 0;
		if (c->conv == 'c' && c->precision != -1)
			return 0;
		break;
	case '%':
		if (q - *p != 1) /* only a bare "%%" */
			return 0;
		break;
	default:
		return 0;
	}
	*p = q;
	return 1;
}

/* Every conversion in fmt is a plain one. */
static int is_plain_format(const char *fmt)
{
	struct conversion c;

	while ((fmt = strchr(fmt, '%'))) {
		fmt++;
		if (!parse_conversion(&fmt, &c))
			return 0;
	}
	return 1;
}

struct output {
	FILE *f;
	int direct;    /* into f's own buffer (see start()) */
	size_t used;
	size_t total;
	int failed;
	char buf[LOCAL_BUFFER];
};

/* Byte by byte: the pieces are a few bytes long, and a call of memcpy() costs
 * more than they do (printf.o is built with -fno-builtin, so that the compiler
 * does not make this loop that call). */
static inline unsigned char *copy_bytes(unsigned char *to, const char *from, size_t n)
{
#pragma clang loop unroll(disable) /* a few bytes each time: unrolled, it only grows the module */
	while (n--)
		*to++ = (unsigned char)*from++;
	return to;
}

static inline unsigned char *fill_bytes(unsigned char *to, char ch, size_t n)
{
#pragma clang loop unroll(disable)
	while (n--)
		*to++ = (unsigned char)ch;
	return to;
}

/* Room for n more bytes in the stream's own buffer (start()); there they go. */
static inline unsigned char *direct_room(struct output *o, size_t n)
{
	FILE *f = o->f;
	unsigned char *to = f->wpos;

	if (!o->direct || n > (size_t)(f->wend - to))
		return NULL;
	f->wpos = to + n;
	o->total += n;
	return to;
}

static void flush_output(struct output *o)
{
	if (o->used && fwrite(o->buf, 1, o->used, o->f) != o->used)
		o->failed = 1;
	o->used = 0;
}

/* Where put() finds no room in the stream's buffer, or writes to the local one. */
static void put_slow(struct output *o, const char *s, size_t n)
{
	o->total += n;
	if (o->direct) {
		if (fwrite(s, 1, n, o->f) != n) /* writes out the buffer, then as fwrite() does */
			o->failed = 1;
		return;
	}
	if (n > sizeof(o->buf) - o->used) {
		flush_output(o);
		if (n > sizeof(o->buf)) {
			if (fwrite(s, 1, n, o->f) != n)
				o->failed = 1;
			return;
		}
	}
	copy_bytes((unsigned char *)o->buf + o->used, s, n);
	o->used += n;
}

static inline __attribute__((always_inline)) void put(struct output *o, const char *s, size_t n)
{
	unsigned char *to;

	if (!n)
		return;
	if ((to = direct_room(o, n)))
		copy_bytes(to, s, n);
	else
		put_slow(o, s, n);
}

static void put_repeated(struct output *o, char ch, size_t n)
{
	char run[64];

	if (!n)
		return;
	memset(run, ch, n < sizeof(run) ? n : sizeof(run));
	while (n) {
		size_t k = n < sizeof(run) ? n : sizeof(run);

		put(o, run, k);
		n -= k;
	}
}

/* sign (may be empty) and body, padded to the field width as the flags say. */
static void put_field_slow(struct output *o, const struct conversion *c, size_t pad,
			   const char *sign, size_t sign_len, const char *body, size_t body_len)
{
	if (c->left) {
		put(o, sign, sign_len);
		put(o, body, body_len);
		put_repeated(o, ' ', pad);
	} else if (c->zero) {
		put(o, sign, sign_len);
		put_repeated(o, '0', pad);
		put(o, body, body_len);
	} else {
		put_repeated(o, ' ', pad);
		put(o, sign, sign_len);
		put(o, body, body_len);
	}
}

/* The same, in one piece where the stream's buffer has room for the field. */
static inline __attribute__((always_inline)) void put_field(struct output *o, const struct conversion *c,
		      const char *sign, size_t sign_len, const char *body, size_t body_len)
{
	size_t len = sign_len + body_len;
	size_t pad = (size_t)c->width > len ? (size_t)c->width - len : 0;
	unsigned char *to = direct_room(o, len + pad);

	if (!to) {
		put_field_slow(o, c, pad, sign, sign_len, body, body_len);
		return;
	}
	if (!c->left && !c->zero)
		to = fill_bytes(to, ' ', pad);
	to = copy_bytes(to, sign, sign_len);
	if (!c->left && c->zero)
		to = fill_bytes(to, '0', pad);
	to = copy_bytes(to, body, body_len);
	if (c->left)
		fill_bytes(to, ' ', pad);
}

static inline __attribute__((always_inline)) void put_integer(struct output *o, const struct conversion *c, va_list *ap)
{
	char digits[3 * sizeof(uintmax_t)];
	char *end = digits + sizeof(digits), *d = end;
	const char *hex = c->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = c->conv == 'x' || c->conv == 'X' ? 16 : 10;
	uintmax_t u;
	int negative = 0;

	if (c->conv == 'd' || c->conv == 'i') {
		intmax_t v;

		switch (c->length) {
		case LEN_HH: v = (signed char)va_arg(*ap, int); break;
		case LEN_H: v = (short)va_arg(*ap, int); break;
		case LEN_L: v = va_arg(*ap, long); break;
		case LEN_LL: v = va_arg(*ap, long long); break;
		case LEN_Z: v = va_arg(*ap, ptrdiff_t); break; /* as the C library reads %zd */
		case LEN_J: v = va_arg(*ap, intmax_t); break;
		default: v = va_arg(*ap, int); break;
		}
		negative = v < 0;
		u = negative ? -(uintmax_t)v : (uintmax_t)v;
	} else {
		switch (c->length) {
		case LEN_HH: u = (unsigned char)va_arg(*ap, int); break;
		case LEN_H: u = (unsigned short)va_arg(*ap, int); break;
		case LEN_L: u = va_arg(*ap, unsigned long); break;
		case LEN_LL: u = va_arg(*ap, unsigned long long); break;
		case LEN_Z: u = va_arg(*ap, size_t); break;
		case LEN_J: u = va_arg(*ap, uintmax_t); break;
		default: u = va_arg(*ap, unsigned int); break;
		}
	}
	do {
		*--d = hex[u % base];
		u /= base;
	} while (u);
	put_field(o, c, "-", negative ? 1 : 0, d, end - d);
}

/* A string argument that points into the first KiB, such as NULL + 1 from
 * strchr(name, '/') + 1 when the name has no '/'. Linux has no page at
 * address 0, so native bpftool dies there with SIGSEGV; the module's memory
 * there is readable (and poisoned, see src/core/run.ts), so it would print
 * whatever bytes follow. It stops as native does. */
static void null_page_string(const char *s)
{
	fflush(stdout);
	fprintf(stderr, "bpftool-wasm: segmentation fault: a %%s argument points into the NULL page (address %lu); "
		"native bpftool is killed by SIGSEGV here\n", (unsigned long)(uintptr_t)s);
	fflush(stderr);
	abort();
}

/* One conversion, its '*' width and precision taken from the arguments. */
static inline __attribute__((always_inline)) void put_conversion(struct output *o, struct conversion c, va_list *ap)
{
	if (c.width == -1) {
		int w = va_arg(*ap, int);

		/* A negative '*' width is a '-' flag and its magnitude. */
		if (w < 0) {
			c.left = 1;
			w = w == INT_MIN ? INT_MAX : -w;
		}
		c.width = w;
	}
	if (c.precision == -2) {
		int p = va_arg(*ap, int);

		c.precision = p < 0 ? -1 : p; /* negative: as if none was given */
	}
	switch (c.conv) {
	case '%':
		put(o, "%", 1);
		break;
	case 'c': {
		char ch = (char)va_arg(*ap, int);

		put_field(o, &c, "", 0, &ch, 1);
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);

		if (!s)
			s = "(null)"; /* what the C library prints */
		else if ((uintptr_t)s < NULL_PAGE_BYTES)
			null_page_string(s);
		put_field(o, &c, "", 0, s, c.precision >= 0 ? strnlen(s, c.precision) : strlen(s));
		break;
	}
	default:
		put_integer(o, &c, ap);
		break;
	}
}

/* For formats parsed on each call (plain_vfprintf()): rare, so one copy of
 * the conversion code out of line, the inlined one being parsed_vfprintf()'s. */
static __attribute__((noinline)) void put_conversion_call(struct output *o, struct conversion c, va_list *ap)
{
	put_conversion(o, c, ap);
}

static int finish(struct output *o)
{
	flush_output(o);
	if (o->failed)
		return -1;
	return o->total > INT_MAX ? INT_MAX : (int)o->total;
}

static void start(struct output *o, FILE *f)
{
	/* not "= { .f = f }": that zeroes buf, 512 bytes per call */
	o->f = f;
	/* Straight into f's buffer when f is writing already (wend set), is
	 * buffered in blocks (lbf < 0: no line to send out at each '\n', and
	 * stderr, unbuffered, has no room) and takes no lock (no threads):
	 * where fwrite() itself would copy each piece. Otherwise one fwrite()
	 * per call, as before. */
	o->direct = f->wend && f->lbf < 0 && f->lock < 0;
	o->used = o->total = 0;
	o->failed = 0;
}

static int plain_vfprintf(FILE *f, const char *fmt, va_list *ap)
{
	struct output o;
	struct conversion c;

	start(&o, f);
	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		size_t literal = pct ? (size_t)(pct - fmt) : strlen(fmt);

		put(&o, fmt, literal);
		if (!pct)
			break;
		fmt = pct + 1;
		parse_conversion(&fmt, &c); /* cannot fail: is_plain_format() said so */
		put_conversion_call(&o, c, ap);
	}
	return finish(&o);
}

/* Formats parsed once. The same few formats are printed over and over
 * (a skeleton's "\\x%02x" once per byte of the object), and until V8 has
 * optimised this file, which a short CLI run never waits for, parsing each
 * one twice per call was most of the time of such a run. A format is known
 * again by its address and its text, both compared, so a buffer that holds
 * another format at the same address is parsed anew. */
#define CACHE_SLOTS 64
#define CACHED_TEXT 48   /* longer formats are parsed on each call */
#define CACHED_PIECES 6  /* and so are formats with more conversions */

struct piece {
	unsigned char literal; /* bytes of text before the conversion's '%' */
	unsigned char length;  /* bytes of the conversion, '%' included */
	struct conversion c;
};

struct parsed_format {
	const char *fmt;       /* NULL: a free slot */
	unsigned char len;     /* strlen(fmt) */
	unsigned char pieces;
	unsigned char plain;   /* 0: the C library prints it */
	unsigned char tail;    /* bytes of text after the last conversion */
	char text[CACHED_TEXT];
	struct piece piece[CACHED_PIECES];
};

static struct parsed_format cache[CACHE_SLOTS];

/* Parses fmt into *pf; 0 if it cannot be kept (too long, too many conversions). */
static int parse_format(const char *fmt, size_t len, struct parsed_format *pf)
{
	const char *p = fmt;

	if (len >= CACHED_TEXT)
		return 0;
	pf->pieces = 0;
	pf->plain = 1;
	for (;;) {
		const char *pct = strchr(p, '%');
		struct piece *pc;

		if (!pct) {
			pf->tail = (unsigned char)(fmt + len - p);
			break;
		}
		if (pf->pieces == CACHED_PIECES)
			return 0;
		pc = &pf->piece[pf->pieces++];
		pc->literal = (unsigned char)(pct - p);
		p = pct + 1;
		if (!parse_conversion(&p, &pc->c)) {
			pf->plain = 0;
			pf->pieces = 0;
			break;
		}
		pc->length = (unsigned char)(p - pct);
	}
	memcpy(pf->text, fmt, len + 1);
	pf->len = (unsigned char)len;
	pf->fmt = fmt;
	return 1;
}

/* The slot for fmt, parsed; NULL when fmt is not kept. */
static const struct parsed_format *parsed(const char *fmt)
{
	struct parsed_format *pf = &cache[((uintptr_t)fmt >> 2) % CACHE_SLOTS];
	size_t len, i;

	if (pf->fmt == fmt) {
		for (i = 0; i <= pf->len && pf->text[i] == fmt[i]; i++)
			;
		if (i > pf->len)
			return pf;
	}
	len = strlen(fmt);
	pf->fmt = NULL;
	return parse_format(fmt, len, pf) ? pf : NULL;
}

static int parsed_vfprintf(FILE *f, const struct parsed_format *pf, va_list *ap)
{
	const char *p = pf->text;
	struct output o;
	int i;

	start(&o, f);
	for (i = 0; i < pf->pieces; i++) {
		const struct piece *pc = &pf->piece[i];

		put(&o, p, pc->literal);
		put_conversion(&o, pc->c, ap);
		p += pc->literal + pc->length;
	}
	put(&o, p, pf->tail);
	return finish(&o);
}

int bpftool_wasm_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	const struct parsed_format *pf = parsed(fmt);
	va_list args;
	int ret;

	if (pf ? !pf->plain : !is_plain_format(fmt))
		return vfprintf(f, fmt, ap);
	va_copy(args, ap);
	ret = pf ? parsed_vfprintf(f, pf, &args) : plain_vfprintf(f, fmt, &args);
	va_end(args);
	return ret;
}

int bpftool_wasm_vprintf(const char *fmt, va_list ap)
{
	return bpftool_wasm_vfprintf(stdout, fmt, ap);
}

int bpftool_wasm_printf(const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = bpftool_wasm_vfprintf(stdout, fmt, ap);
	va_end(ap);
	return ret;
}

/* setlinebuf() as upstream's main.c calls it on stdout, so that each line
 * shows on a terminal as it is printed. Line buffering changes no byte of
 * the output, only how often the C library writes: once per line, a call
 * into the JS glue each (and, in the CLI, a write() to the host), some
 * 75,000 for the skeleton of a 2 MB object (80-column lines). stdout is
 * buffered 64 KiB at a time instead, a pipe's capacity on Linux: at 4 KiB
 * the writes of such a skeleton took a third of the CLI's run. */
#define STDOUT_BLOCK 65536

static char stdout_block[STDOUT_BLOCK];

void bpftool_wasm_order_stderr(void);

void bpftool_wasm_setlinebuf(FILE *f)
{
	if (f == stdout) {
		setvbuf(f, stdout_block, _IOFBF, sizeof(stdout_block));
		/* ... and stderr still finds stdout's complete lines written (stdio_order.c). */
		bpftool_wasm_order_stderr();
	} else {
		setlinebuf(f);
	}
}
