#pragma once
#include <napi.h>

#include <string>

// An Error for a failed libbpf or kernel call: `errno` (positive) and what
// libbpf printed meanwhile (`libbpfLog`). The TypeScript side turns it into
// a BpfError.
Napi::Error BpfError(Napi::Env env, const std::string& what, int err, const std::string& libbpfLog);

// An Error for a call the bridge refuses (wrong state or argument).
Napi::Error UsageError(Napi::Env env, const std::string& message);
