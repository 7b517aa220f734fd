// Argument checks and conversions shared by the NativeObject methods.
#pragma once
#include <bpf/libbpf.h>
#include <napi.h>

#include <cstdint>
#include <string>

#include "libbpf-log.h"

bool IsPerCpu(const bpf_map* map);
// What the kernel reads or writes as one value: for per-CPU maps, one slot
// per possible CPU, each rounded up to 8 bytes.
size_t ValueBytes(Napi::Env env, const bpf_map* map);
std::string StringArg(const Napi::CallbackInfo& info, size_t i, const char* what);
Napi::Uint8Array BytesArg(const Napi::CallbackInfo& info, size_t i, const char* what);
uint64_t FlagsArg(const Napi::CallbackInfo& info, size_t i);
Napi::Uint8Array CopyBytes(Napi::Env env, const void* data, size_t size);
// Throws a BpfError for a negative libbpf return.
void Check(Napi::Env env, int err, const std::string& what, const LibbpfLog& log);
