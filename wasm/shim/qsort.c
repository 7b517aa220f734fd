/* qsort() and qsort_r() that order elements exactly as glibc does.
 *
 * glibc sorts with a top-down merge sort (stdlib/msort.c): split at n / 2,
 * sort both halves, merge taking from the left run while cmp(left, right)
 * <= 0. musl's smoothsort is not stable, so elements that compare equal
 * would come out in another order than on the native host, and so would the
 * generated text. Following the same split and the same tie rule gives the
 * same result even for comparators that are not a strict total order.
 *
 * A process's first run is Liftoff code (V8's baseline compiler), which
 * inlines nothing: `btf dump format c` sorts every type of a kernel's BTF
 * (126,700 on a 6.18 kernel), and a call to the C library's memcpy() per element moved, with
 * a qsort() comparator reached through a qsort_r() adapter, was 7% of it.
 * So elements of the common sizes are moved by fixed-size copies that the
 * compiler inlines, and plain comparators are called directly.
 */
#include <stdlib.h>
#include <string.h>

struct sort_ctx {
	size_t size;
	int (*cmp_r)(const void *, const void *, void *);
	int (*cmp)(const void *, const void *);
	void *arg;
	char *tmp;
};

static inline int compare(const struct sort_ctx *c, const void *a, const void *b)
{
	return c->cmp ? c->cmp(a, b) : c->cmp_r(a, b, c->arg);
}

/* Moves one element; constant sizes become loads and stores in place. */
static inline void move_one(char *to, const char *from, size_t s)
{
	switch (s) {
	case 4: memcpy(to, from, 4); break;
	case 8: memcpy(to, from, 8); break;
	case 12: memcpy(to, from, 12); break;
	case 16: memcpy(to, from, 16); break;
	case 24: memcpy(to, from, 24); break;
	case 32: memcpy(to, from, 32); break;
	default: memcpy(to, from, s); break;
	}
}

static void merge_sort(const struct sort_ctx *c, char *b, size_t n)
{
	size_t n1, n2, s = c->size;
	char *b1, *b2, *out;

	if (n <= 1)
		return;
	n1 = n / 2;
	n2 = n - n1;
	b1 = b;
	b2 = b + n1 * s;
	merge_sort(c, b1, n1);
	merge_sort(c, b2, n2);

	out = c->tmp;
	while (n1 > 0 && n2 > 0) {
		if (compare(c, b1, b2) <= 0) {
			move_one(out, b1, s);
			b1 += s;
			n1--;
		} else {
			move_one(out, b2, s);
			b2 += s;
			n2--;
		}
		out += s;
	}
	if (n1 > 0)
		memcpy(out, b1, n1 * s);
	memcpy(b, c->tmp, (n - n2) * s);
}

static void sort(struct sort_ctx *c, void *base, size_t nmemb)
{
	if (nmemb <= 1 || c->size == 0)
		return;
	c->tmp = malloc(nmemb * c->size);
	if (!c->tmp)
		abort(); /* glibc would fall back to quicksort; we never run that low */
	merge_sort(c, base, nmemb);
	free(c->tmp);
}

void qsort_r(void *base, size_t nmemb, size_t size,
	     int (*compar)(const void *, const void *, void *), void *arg)
{
	struct sort_ctx c = { size, compar, NULL, arg, NULL };

	sort(&c, base, nmemb);
}

void qsort(void *base, size_t nmemb, size_t size,
	   int (*compar)(const void *, const void *))
{
	struct sort_ctx c = { size, NULL, compar, NULL, NULL };

	sort(&c, base, nmemb);
}
