#include "addon.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>

#include "libbpf-log.h"
#include "native-object.h"

namespace {
// libbpf's own error numbers (libbpf.h), named as there.
const char* LibbpfErrnoName(int err) {
  static const char* const names[] = {"LIBELF", "FORMAT", "KVERSION", "ENDIAN", "INTERNAL",
                                      "RELOC",  "LOAD",   "VERIFY",   "PROG2BIG", "KVER",
                                      "PROGTYPE", "WRNGPID", "INVSEQ", "NLPARSE"};
  int i = err - __LIBBPF_ERRNO__START;
  return i >= 0 && i < int(sizeof(names) / sizeof(names[0])) ? names[i] : nullptr;
}
}  // namespace

Napi::Error BpfError(Napi::Env env, const std::string& what, int err, const std::string& libbpfLog) {
  if (err < 0) err = -err;
  char buf[128];
  libbpf_strerror(err, buf, sizeof(buf));
  Napi::Error e = Napi::Error::New(env, what + ": " + buf);
  e.Set("errno", Napi::Number::New(env, err));
  std::string code;
  if (const char* libbpfName = LibbpfErrnoName(err))
    code = std::string("LIBBPF_ERRNO__") + libbpfName;
  else if (const char* name = strerrorname_np(err))
    code = name;
  e.Set("code", code.empty() ? env.Null() : Napi::Value(Napi::String::New(env, code)));
  e.Set("libbpfLog", Napi::String::New(env, libbpfLog));
  return e;
}

Napi::Error UsageError(Napi::Env env, const std::string& message) {
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("usage", Napi::Boolean::New(env, true));
  return e;
}

namespace {
Napi::Value PossibleCpus(const Napi::CallbackInfo& info) {
  int n = libbpf_num_possible_cpus();
  if (n < 0) throw BpfError(info.Env(), "cannot count possible CPUs", n, "");
  return Napi::Number::New(info.Env(), n);
}

Napi::Value LibbpfVersion(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), libbpf_version_string());
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  LibbpfLog::install();
  exports.Set("NativeObject", NativeObject::Define(env));
  exports.Set("possibleCpus", Napi::Function::New(env, PossibleCpus));
  exports.Set("libbpfVersion", Napi::Function::New(env, LibbpfVersion));
  return exports;
}
}  // namespace

NODE_API_MODULE(bpftool_native, Init)
