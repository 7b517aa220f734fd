/* Page size as a 64-bit Linux host reports it. Compiled without host.h, so
 * that the real sysconf() stays reachable for every other name. */
#include <unistd.h>

#define LINUX_PAGE_SIZE 4096

long bpftool_wasm_sysconf(int name)
{
	if (name == _SC_PAGESIZE)
		return LINUX_PAGE_SIZE;
	return sysconf(name);
}

int bpftool_wasm_getpagesize(void)
{
	return LINUX_PAGE_SIZE;
}
