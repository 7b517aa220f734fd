#include "libbpf-log.h"

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>

namespace {
thread_local LibbpfLog* current = nullptr;
}

struct LibbpfLogAccess {
  static void print(LibbpfLog* log, const char* fmt, va_list ap) {
    va_list measure;
    va_copy(measure, ap);
    int n = vsnprintf(nullptr, 0, fmt, measure);
    va_end(measure);
    if (n <= 0) return;
    size_t at = log->text_.size();
    log->text_.resize(at + n + 1);
    vsnprintf(&log->text_[at], n + 1, fmt, ap);
    log->text_.resize(at + n);
  }
};

namespace {
// Debug output is not collected: it is large and says nothing about failures.
int print(enum libbpf_print_level level, const char* fmt, va_list ap) {
  if (level == LIBBPF_DEBUG || current == nullptr) return 0;
  LibbpfLogAccess::print(current, fmt, ap);
  return 0;
}
}  // namespace

LibbpfLog::LibbpfLog() : outer_(current) { current = this; }
LibbpfLog::~LibbpfLog() { current = outer_; }

void LibbpfLog::install() { libbpf_set_print(print); }
