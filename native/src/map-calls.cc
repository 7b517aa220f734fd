// NativeObject: lookups, updates, deletes and iteration of maps.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <string>

#include "addon.h"
#include "call-args.h"
#include "libbpf-log.h"
#include "native-object.h"

Napi::Value NativeObject::MapLookup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_map* m = map(info, 0);
  Napi::Uint8Array key = BytesArg(info, 1, "key");
  size_t size = ValueBytes(env, m);
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, size);
  LibbpfLog log;
  int err = bpf_map__lookup_elem(m, key.Data(), key.ByteLength(), ab.Data(), size, FlagsArg(info, 2));
  if (err == -ENOENT) return env.Null();
  Check(env, err, std::string("cannot look up in map '") + bpf_map__name(m) + "'", log);
  return Napi::Uint8Array::New(env, size, ab, 0);
}

Napi::Value NativeObject::MapUpdate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_map* m = map(info, 0);
  Napi::Uint8Array key = BytesArg(info, 1, "key");
  Napi::Uint8Array value = BytesArg(info, 2, "value");
  LibbpfLog log;
  Check(env,
        bpf_map__update_elem(m, key.Data(), key.ByteLength(), value.Data(), value.ByteLength(), FlagsArg(info, 3)),
        std::string("cannot update map '") + bpf_map__name(m) + "'", log);
  return env.Undefined();
}

Napi::Value NativeObject::MapDelete(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_map* m = map(info, 0);
  Napi::Uint8Array key = BytesArg(info, 1, "key");
  LibbpfLog log;
  int err = bpf_map__delete_elem(m, key.Data(), key.ByteLength(), FlagsArg(info, 2));
  if (err == -ENOENT) return Napi::Boolean::New(env, false);
  Check(env, err, std::string("cannot delete from map '") + bpf_map__name(m) + "'", log);
  return Napi::Boolean::New(env, true);
}

Napi::Value NativeObject::MapNextKey(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_map* m = map(info, 0);
  size_t keySize = bpf_map__key_size(m);
  const void* cur = nullptr;
  size_t curSize = keySize;
  if (!info[1].IsNull() && !info[1].IsUndefined()) {
    Napi::Uint8Array key = BytesArg(info, 1, "key");
    cur = key.Data();
    curSize = key.ByteLength();
  }
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, keySize);
  LibbpfLog log;
  int err = bpf_map__get_next_key(m, cur, ab.Data(), curSize);
  if (err == -ENOENT) return env.Null();
  Check(env, err, std::string("cannot iterate map '") + bpf_map__name(m) + "'", log);
  return Napi::Uint8Array::New(env, keySize, ab, 0);
}

