#include "call-args.h"

#include <cstring>

#include "addon.h"

bool IsPerCpu(const bpf_map* map) {
  switch (bpf_map__type(map)) {
    case BPF_MAP_TYPE_PERCPU_HASH:
    case BPF_MAP_TYPE_PERCPU_ARRAY:
    case BPF_MAP_TYPE_LRU_PERCPU_HASH:
    case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
      return true;
    default:
      return false;
  }
}

size_t ValueBytes(Napi::Env env, const bpf_map* map) {
  size_t size = bpf_map__value_size(map);
  if (!IsPerCpu(map)) return size;
  int cpus = libbpf_num_possible_cpus();
  if (cpus < 0) throw BpfError(env, "cannot count possible CPUs", cpus, "");
  return ((size + 7) & ~size_t(7)) * cpus;
}

std::string StringArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsString()) throw UsageError(info.Env(), std::string(what) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

Napi::Uint8Array BytesArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw UsageError(info.Env(), std::string(what) + " must be a Uint8Array");
  return info[i].As<Napi::Uint8Array>();
}

uint64_t FlagsArg(const Napi::CallbackInfo& info, size_t i) {
  if (info[i].IsUndefined()) return 0;
  if (!info[i].IsNumber()) throw UsageError(info.Env(), "flags must be a number");
  return static_cast<uint64_t>(info[i].As<Napi::Number>().Int64Value());
}

Napi::Uint8Array CopyBytes(Napi::Env env, const void* data, size_t size) {
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, size);
  if (size) memcpy(ab.Data(), data, size);
  return Napi::Uint8Array::New(env, size, ab, 0);
}

void Check(Napi::Env env, int err, const std::string& what, const LibbpfLog& log) {
  if (err < 0) throw BpfError(env, what, err, log.text());
}

