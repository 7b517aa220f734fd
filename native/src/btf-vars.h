// The variables of a global data section (.bss, .data, .rodata, …), read
// from the object's BTF: where each lives and how to read it.
#pragma once
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <napi.h>

#include <string>

// The section a global data map holds (".bss", ".data.counters", …), or ""
// when the map is not one.
std::string DatasecName(const bpf_object* obj, const bpf_map* map);

// [{ name, offset, size, kind }] where kind is "int", "uint", "float" or
// "bytes" (anything that is not a scalar: arrays, structs, …).
Napi::Array DatasecVariables(Napi::Env env, const bpf_object* obj, const bpf_map* map);
