/* uname() as the Linux host the caller describes.
 *
 * libbpf asks uname() for the kernel release when it builds a light
 * skeleton (LINUX_KERNEL_VERSION, /boot/config-<release>), and bakes the
 * answer into the generated loader. emscripten answers "Emscripten 1.0",
 * which no Linux parser accepts. The facade passes the kernel to describe
 * through the environment (RunOptions.kernel; the CLI on Linux passes the
 * host's own); without it, uname() keeps emscripten's answer and libbpf
 * reports that it cannot tell the kernel version. Compiled without host.h.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

static void set_field(char *field, size_t size, const char *env)
{
	const char *value = getenv(env);

	if (value) {
		strncpy(field, value, size - 1);
		field[size - 1] = '\0';
	}
}

int bpftool_wasm_uname(struct utsname *buf)
{
	int err = uname(buf);

	if (err || !getenv("BPFTOOL_WASM_KERNEL_RELEASE"))
		return err;
	strcpy(buf->sysname, "Linux");
	set_field(buf->release, sizeof(buf->release), "BPFTOOL_WASM_KERNEL_RELEASE");
	set_field(buf->version, sizeof(buf->version), "BPFTOOL_WASM_KERNEL_VERSION");
	set_field(buf->machine, sizeof(buf->machine), "BPFTOOL_WASM_KERNEL_MACHINE");
	return 0;
}
