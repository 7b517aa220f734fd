/* sys/syscall.h as glibc has it: the kernel's __NR_* numbers (here the
 * asm-generic table). emscripten's own header has no __NR_* at all. */
#include <asm/unistd.h>
