/* qsort() and qsort_r() that order elements exactly as glibc does.
 *
 * glibc sorts with a top-down merge sort (stdlib/msort.c): split at n / 2,
 * sort both halves, merge taking from the left run while cmp(left, right)
 * <= 0. musl's smoothsort is not stable, so elements that compare equal
 * would come out in another order than on the native host, and so would the
 * generated text. Following the same split and the same tie rule gives the
 * same result even for comparators that are not a strict total order.
 */
#include <stdlib.h>
#include <string.h>

struct sort_ctx {
	size_t size;
	int (*cmp)(const void *, const void *, void *);
	void *arg;
	char *tmp;
};

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
		if (c->cmp(b1, b2, c->arg) <= 0) {
			memcpy(out, b1, s);
			b1 += s;
			n1--;
		} else {
			memcpy(out, b2, s);
			b2 += s;
			n2--;
		}
		out += s;
	}
	if (n1 > 0)
		memcpy(out, b1, n1 * s);
	memcpy(b, c->tmp, (n - n2) * s);
}

void qsort_r(void *base, size_t nmemb, size_t size,
	     int (*compar)(const void *, const void *, void *), void *arg)
{
	struct sort_ctx c = { size, compar, arg, NULL };

	if (nmemb <= 1 || size == 0)
		return;
	c.tmp = malloc(nmemb * size);
	if (!c.tmp)
		abort(); /* glibc would fall back to quicksort; we never run that low */
	merge_sort(&c, base, nmemb);
	free(c.tmp);
}

static int call_plain(const void *a, const void *b, void *fn)
{
	return ((int (*)(const void *, const void *))fn)(a, b);
}

void qsort(void *base, size_t nmemb, size_t size,
	   int (*compar)(const void *, const void *))
{
	qsort_r(base, nmemb, size, call_plain, (void *)compar);
}
