// One opened BPF object, as seen from JavaScript. Programs, maps, links and
// ring buffers are addressed by index or id; the TypeScript side builds the
// public classes on top. Only load() and ring buffer polls leave the main
// Only load() leaves the main thread; while it runs, the object refuses other
// calls, and close() is carried out when it ends. Ring and perf buffers are
// consumed on the main thread without blocking (the TypeScript side paces
// the polls).
#pragma once
#include <napi.h>

#include <map>
#include <memory>

#include "object-state.h"

class NativeObject : public Napi::ObjectWrap<NativeObject> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit NativeObject(const Napi::CallbackInfo& info);
  ~NativeObject() override;

  // Called by the load worker back on the main thread.
  void finishLoad(bool succeeded);

 private:
  Napi::Value Name(const Napi::CallbackInfo& info);
  Napi::Value Programs(const Napi::CallbackInfo& info);
  Napi::Value Maps(const Napi::CallbackInfo& info);
  Napi::Value Load(const Napi::CallbackInfo& info);
  Napi::Value Loaded(const Napi::CallbackInfo& info);
  Napi::Value ProgramFd(const Napi::CallbackInfo& info);
  Napi::Value ProgramId(const Napi::CallbackInfo& info);
  Napi::Value MapFd(const Napi::CallbackInfo& info);
  Napi::Value MapId(const Napi::CallbackInfo& info);
  Napi::Value Attach(const Napi::CallbackInfo& info);
  Napi::Value Detach(const Napi::CallbackInfo& info);
  Napi::Value LinkPin(const Napi::CallbackInfo& info);
  Napi::Value LinkUnpin(const Napi::CallbackInfo& info);
  Napi::Value MapLookup(const Napi::CallbackInfo& info);
  Napi::Value MapUpdate(const Napi::CallbackInfo& info);
  Napi::Value MapDelete(const Napi::CallbackInfo& info);
  Napi::Value MapNextKey(const Napi::CallbackInfo& info);
  Napi::Value MapPin(const Napi::CallbackInfo& info);
  Napi::Value MapUnpin(const Napi::CallbackInfo& info);
  Napi::Value ProgramPin(const Napi::CallbackInfo& info);
  Napi::Value ProgramUnpin(const Napi::CallbackInfo& info);
  Napi::Value Pin(const Napi::CallbackInfo& info);
  Napi::Value Unpin(const Napi::CallbackInfo& info);
  Napi::Value GlobalView(const Napi::CallbackInfo& info);
  Napi::Value GlobalVariables(const Napi::CallbackInfo& info);
  Napi::Value RingBufferOpen(const Napi::CallbackInfo& info);
  Napi::Value RingBufferConsume(const Napi::CallbackInfo& info);
  Napi::Value RingBufferClose(const Napi::CallbackInfo& info);
  Napi::Value PerfBufferOpen(const Napi::CallbackInfo& info);
  Napi::Value PerfBufferConsume(const Napi::CallbackInfo& info);
  Napi::Value PerfBufferClose(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  // Throws unless the object is open and no load() is running.
  void requireIdle(Napi::Env env) const;
  void requireLoaded(Napi::Env env) const;
  bpf_program* program(const Napi::CallbackInfo& info, size_t arg) const;
  bpf_map* map(const Napi::CallbackInfo& info, size_t arg, size_t* index = nullptr) const;
  void detachViews(bool readOnlyOnly);
  void closeNow();

  std::shared_ptr<ObjectState> state_;
  // The zero-copy views handed out, by map index, so that they can be
  // detached before their memory goes away.
  std::map<size_t, Napi::Reference<Napi::ArrayBuffer>> views_;
  bool loading_ = false;
  bool loadFailed_ = false;  // libbpf cannot load an object twice
  bool closeRequested_ = false;
};
