#include "native-object.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "addon.h"
#include "btf-vars.h"
#include "call-args.h"
#include "libbpf-log.h"

namespace {

class LoadWorker : public Napi::AsyncWorker {
 public:
  LoadWorker(Napi::Env env, NativeObject* owner, Napi::Object self, bpf_object* obj)
      : Napi::AsyncWorker(env, "bpf_object__load"),
        deferred_(Napi::Promise::Deferred::New(env)),
        owner_(owner),
        self_(Napi::Persistent(self)),
        obj_(obj) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    LibbpfLog log;
    err_ = bpf_object__load(obj_);
    log_ = log.text();
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (err_ < 0) {
      std::string name = bpf_object__name(obj_);
      deferred_.Reject(BpfError(env, "cannot load BPF object '" + name + "'", err_, log_).Value());
    } else {
      deferred_.Resolve(env.Undefined());
    }
    owner_->finishLoad(err_ >= 0);
  }

 private:
  Napi::Promise::Deferred deferred_;
  NativeObject* owner_;
  Napi::ObjectReference self_;  // keeps the object alive while loading
  bpf_object* obj_;
  int err_ = 0;
  std::string log_;
};
}  // namespace

Napi::Function NativeObject::Define(Napi::Env env) {
  return DefineClass(
      env, "NativeObject",
      {
          InstanceMethod<&NativeObject::Name>("name"),
          InstanceMethod<&NativeObject::Programs>("programs"),
          InstanceMethod<&NativeObject::Maps>("maps"),
          InstanceMethod<&NativeObject::Load>("load"),
          InstanceMethod<&NativeObject::Loaded>("loaded"),
          InstanceMethod<&NativeObject::ProgramFd>("programFd"),
          InstanceMethod<&NativeObject::ProgramId>("programId"),
          InstanceMethod<&NativeObject::MapFd>("mapFd"),
          InstanceMethod<&NativeObject::MapId>("mapId"),
          InstanceMethod<&NativeObject::Attach>("attach"),
          InstanceMethod<&NativeObject::Detach>("detach"),
          InstanceMethod<&NativeObject::LinkPin>("linkPin"),
          InstanceMethod<&NativeObject::LinkUnpin>("linkUnpin"),
          InstanceMethod<&NativeObject::MapLookup>("mapLookup"),
          InstanceMethod<&NativeObject::MapUpdate>("mapUpdate"),
          InstanceMethod<&NativeObject::MapDelete>("mapDelete"),
          InstanceMethod<&NativeObject::MapNextKey>("mapNextKey"),
          InstanceMethod<&NativeObject::MapPin>("mapPin"),
          InstanceMethod<&NativeObject::MapUnpin>("mapUnpin"),
          InstanceMethod<&NativeObject::ProgramPin>("programPin"),
          InstanceMethod<&NativeObject::ProgramUnpin>("programUnpin"),
          InstanceMethod<&NativeObject::Pin>("pin"),
          InstanceMethod<&NativeObject::Unpin>("unpin"),
          InstanceMethod<&NativeObject::GlobalView>("globalView"),
          InstanceMethod<&NativeObject::GlobalVariables>("globalVariables"),
          InstanceMethod<&NativeObject::RingBufferOpen>("ringBufferOpen"),
          InstanceMethod<&NativeObject::RingBufferConsume>("ringBufferConsume"),
          InstanceMethod<&NativeObject::RingBufferClose>("ringBufferClose"),
          InstanceMethod<&NativeObject::PerfBufferOpen>("perfBufferOpen"),
          InstanceMethod<&NativeObject::PerfBufferConsume>("perfBufferConsume"),
          InstanceMethod<&NativeObject::PerfBufferClose>("perfBufferClose"),
          InstanceMethod<&NativeObject::Close>("close"),
      });
}

// new NativeObject(source: Uint8Array | string, opts: { name?, kconfig?, btfCustomPath?, pinRootPath? })
NativeObject::NativeObject(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<NativeObject>(info), state_(std::make_shared<ObjectState>()) {
  Napi::Env env = info.Env();
  Napi::Object o = info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(env);
  auto optional = [&](const char* key) -> std::string {
    Napi::Value v = o.Get(key);
    if (v.IsUndefined()) return "";
    if (!v.IsString()) throw UsageError(env, std::string("option ") + key + " must be a string");
    return v.As<Napi::String>().Utf8Value();
  };
  std::string name = optional("name"), kconfig = optional("kconfig"),
              btfCustomPath = optional("btfCustomPath"), pinRootPath = optional("pinRootPath");
  bpf_object_open_opts opts = {};
  opts.sz = sizeof(opts);
  if (!name.empty()) opts.object_name = name.c_str();
  if (!kconfig.empty()) opts.kconfig = kconfig.c_str();
  if (!btfCustomPath.empty()) opts.btf_custom_path = btfCustomPath.c_str();
  if (!pinRootPath.empty()) opts.pin_root_path = pinRootPath.c_str();

  LibbpfLog log;
  bpf_object* obj;
  if (info[0].IsString()) {
    std::string path = info[0].As<Napi::String>().Utf8Value();
    obj = bpf_object__open_file(path.c_str(), &opts);
  } else {
    Napi::Uint8Array bytes = BytesArg(info, 0, "the object");
    // libbpf parses the whole image during open and keeps no pointer into it.
    obj = bpf_object__open_mem(bytes.Data(), bytes.ByteLength(), &opts);
  }
  if (obj == nullptr) throw BpfError(env, "cannot open BPF object", errno ? errno : EINVAL, log.text());
  state_->obj = obj;
  bpf_program* prog;
  bpf_object__for_each_program(prog, obj) state_->programs.push_back(prog);
  bpf_map* map;
  bpf_object__for_each_map(map, obj) state_->maps.push_back(map);
}

NativeObject::~NativeObject() {
  // Collected without close(): the kernel objects go now, the mapped global
  // data once no view can reach it (the views share the state).
  if (!loading_) {
    for (auto& [id, link] : state_->links) bpf_link__destroy(link);
    state_->links.clear();
  }
}

void NativeObject::requireIdle(Napi::Env env) const {
  if (!state_->open() || closeRequested_) throw UsageError(env, "the BPF object is closed");
  if (loading_) throw UsageError(env, "the BPF object is being loaded: wait for load() to settle");
}

void NativeObject::requireLoaded(Napi::Env env) const {
  requireIdle(env);
  if (loadFailed_) throw UsageError(env, "the BPF object failed to load: open it again");
  if (!state_->loaded) throw UsageError(env, "the BPF object is not loaded: call load() first");
}

bpf_program* NativeObject::program(const Napi::CallbackInfo& info, size_t arg) const {
  uint32_t i = info[arg].As<Napi::Number>().Uint32Value();
  if (i >= state_->programs.size()) throw UsageError(info.Env(), "no such program");
  return state_->programs[i];
}

bpf_map* NativeObject::map(const Napi::CallbackInfo& info, size_t arg, size_t* index) const {
  uint32_t i = info[arg].As<Napi::Number>().Uint32Value();
  if (i >= state_->maps.size()) throw UsageError(info.Env(), "no such map");
  if (index) *index = i;
  return state_->maps[i];
}

Napi::Value NativeObject::Name(const Napi::CallbackInfo& info) {
  requireIdle(info.Env());
  return Napi::String::New(info.Env(), bpf_object__name(state_->obj));
}

Napi::Value NativeObject::Programs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireIdle(env);
  Napi::Array out = Napi::Array::New(env, state_->programs.size());
  for (size_t i = 0; i < state_->programs.size(); i++) {
    bpf_program* p = state_->programs[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", bpf_program__name(p));
    const char* type = libbpf_bpf_prog_type_str(bpf_program__type(p));
    o.Set("type", type ? type : "unknown");
    o.Set("section", bpf_program__section_name(p));
    o.Set("autoload", bpf_program__autoload(p));
    out.Set(i, o);
  }
  return out;
}

Napi::Value NativeObject::Maps(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireIdle(env);
  Napi::Array out = Napi::Array::New(env, state_->maps.size());
  for (size_t i = 0; i < state_->maps.size(); i++) {
    bpf_map* m = state_->maps[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", bpf_map__name(m));
    const char* type = libbpf_bpf_map_type_str(bpf_map__type(m));
    o.Set("type", type ? type : "unknown");
    o.Set("keySize", bpf_map__key_size(m));
    o.Set("valueSize", bpf_map__value_size(m));
    o.Set("maxEntries", bpf_map__max_entries(m));
    o.Set("flags", bpf_map__map_flags(m));
    o.Set("perCpu", IsPerCpu(m));
    std::string sec = DatasecName(state_->obj, m);
    o.Set("section", sec.empty() ? env.Null() : Napi::Value(Napi::String::New(env, sec)));
    out.Set(i, o);
  }
  return out;
}

Napi::Value NativeObject::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireIdle(env);
  if (state_->loaded) throw UsageError(env, "the BPF object is already loaded");
  if (loadFailed_) throw UsageError(env, "load() failed before: libbpf cannot load an object twice; open it again");
  // .rodata is frozen by the load and mapped read-only: a write through an
  // old view would crash the process, so those views go now.
  detachViews(true);
  loading_ = true;
  auto* worker = new LoadWorker(env, this, info.This().As<Napi::Object>(), state_->obj);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

void NativeObject::finishLoad(bool succeeded) {
  loading_ = false;
  state_->loaded = succeeded;
  loadFailed_ = !succeeded;
  if (closeRequested_) closeNow();
}

Napi::Value NativeObject::Loaded(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), state_->loaded && !loading_);
}

Napi::Value NativeObject::ProgramFd(const Napi::CallbackInfo& info) {
  requireLoaded(info.Env());
  return Napi::Number::New(info.Env(), bpf_program__fd(program(info, 0)));
}

Napi::Value NativeObject::ProgramId(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  int fd = bpf_program__fd(program(info, 0));
  if (fd < 0) return env.Null();  // not loaded (autoload off)
  bpf_prog_info pinfo = {};
  __u32 len = sizeof(pinfo);
  LibbpfLog log;
  Check(env, bpf_prog_get_info_by_fd(fd, &pinfo, &len), "cannot read program info", log);
  return Napi::Number::New(env, pinfo.id);
}

Napi::Value NativeObject::MapFd(const Napi::CallbackInfo& info) {
  requireLoaded(info.Env());
  return Napi::Number::New(info.Env(), bpf_map__fd(map(info, 0)));
}

Napi::Value NativeObject::MapId(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  int fd = bpf_map__fd(map(info, 0));
  if (fd < 0) return env.Null();
  bpf_map_info minfo = {};
  __u32 len = sizeof(minfo);
  LibbpfLog log;
  Check(env, bpf_map_get_info_by_fd(fd, &minfo, &len), "cannot read map info", log);
  return Napi::Number::New(env, minfo.id);
}

Napi::Value NativeObject::Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_program* prog = program(info, 0);
  LibbpfLog log;
  bpf_link* link = bpf_program__attach(prog);
  if (link == nullptr)
    throw BpfError(env, std::string("cannot attach program '") + bpf_program__name(prog) + "'", errno, log.text());
  uint32_t id = state_->nextLinkId++;
  state_->links[id] = link;
  return Napi::Number::New(env, id);
}

Napi::Value NativeObject::Detach(const Napi::CallbackInfo& info) {
  auto it = state_->links.find(info[0].As<Napi::Number>().Uint32Value());
  if (it == state_->links.end()) return Napi::Boolean::New(info.Env(), false);
  bpf_link__destroy(it->second);
  state_->links.erase(it);
  return Napi::Boolean::New(info.Env(), true);
}

Napi::Value NativeObject::LinkPin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  auto it = state_->links.find(info[0].As<Napi::Number>().Uint32Value());
  if (it == state_->links.end()) throw UsageError(env, "the link is detached");
  std::string path = StringArg(info, 1, "path");
  LibbpfLog log;
  Check(env, bpf_link__pin(it->second, path.c_str()), "cannot pin link at " + path, log);
  return env.Undefined();
}

Napi::Value NativeObject::LinkUnpin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  auto it = state_->links.find(info[0].As<Napi::Number>().Uint32Value());
  if (it == state_->links.end()) throw UsageError(env, "the link is detached");
  LibbpfLog log;
  Check(env, bpf_link__unpin(it->second), "cannot unpin link", log);
  return env.Undefined();
}

Napi::Value NativeObject::MapPin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_map* m = map(info, 0);
  std::string path = StringArg(info, 1, "path");
  LibbpfLog log;
  Check(env, bpf_map__pin(m, path.c_str()), "cannot pin map '" + std::string(bpf_map__name(m)) + "' at " + path, log);
  return env.Undefined();
}

Napi::Value NativeObject::MapUnpin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_map* m = map(info, 0);
  std::string path = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  LibbpfLog log;
  Check(env, bpf_map__unpin(m, path.empty() ? nullptr : path.c_str()),
        "cannot unpin map '" + std::string(bpf_map__name(m)) + "'", log);
  return env.Undefined();
}

Napi::Value NativeObject::ProgramPin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_program* p = program(info, 0);
  std::string path = StringArg(info, 1, "path");
  LibbpfLog log;
  Check(env, bpf_program__pin(p, path.c_str()),
        "cannot pin program '" + std::string(bpf_program__name(p)) + "' at " + path, log);
  return env.Undefined();
}

Napi::Value NativeObject::ProgramUnpin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_program* p = program(info, 0);
  std::string path = StringArg(info, 1, "path");
  LibbpfLog log;
  Check(env, bpf_program__unpin(p, path.c_str()), "cannot unpin program '" + std::string(bpf_program__name(p)) + "'",
        log);
  return env.Undefined();
}

Napi::Value NativeObject::Pin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  std::string path = StringArg(info, 0, "path");
  LibbpfLog log;
  Check(env, bpf_object__pin(state_->obj, path.c_str()), "cannot pin the BPF object at " + path, log);
  return env.Undefined();
}

Napi::Value NativeObject::Unpin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  std::string path = StringArg(info, 0, "path");
  LibbpfLog log;
  Check(env, bpf_object__unpin(state_->obj, path.c_str()), "cannot unpin the BPF object from " + path, log);
  return env.Undefined();
}

// The memory-mapped contents of a global data map, as an ArrayBuffer over
// libbpf's mapping (the same address before and after load). After load a
// read-only section (.rodata) is given as a new copy on each call: its
// mapping is read-only, and a copy shared between calls would let one
// caller's writes show in what the others read.
Napi::Value NativeObject::GlobalView(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireIdle(env);
  size_t index;
  bpf_map* m = map(info, 0, &index);
  size_t size = 0;
  void* data = bpf_map__initial_value(m, &size);
  if (data == nullptr || bpf_map__type(m) != BPF_MAP_TYPE_ARRAY)
    throw UsageError(env, std::string("map '") + bpf_map__name(m) + "' is not memory-mapped global data");
  if (state_->loaded && (bpf_map__map_flags(m) & BPF_F_RDONLY_PROG)) {
    Napi::ArrayBuffer copy = Napi::ArrayBuffer::New(env, size);
    memcpy(copy.Data(), data, size);
    return copy;
  }
  auto it = views_.find(index);
  if (it != views_.end()) return it->second.Value();
  auto* hold = new std::shared_ptr<ObjectState>(state_);
  Napi::ArrayBuffer view = Napi::ArrayBuffer::New(
      env, data, size, [](Napi::Env, void*, std::shared_ptr<ObjectState>* h) { delete h; }, hold);
  views_.emplace(index, Napi::Persistent(view));
  return view;
}

Napi::Value NativeObject::GlobalVariables(const Napi::CallbackInfo& info) {
  requireIdle(info.Env());
  return DatasecVariables(info.Env(), state_->obj, map(info, 0));
}

void NativeObject::detachViews(bool readOnlyOnly) {
  for (auto it = views_.begin(); it != views_.end();) {
    bpf_map* m = state_->maps[it->first];
    if (readOnlyOnly && !(bpf_map__map_flags(m) & BPF_F_RDONLY_PROG)) {
      ++it;
      continue;
    }
    Napi::ArrayBuffer ab = it->second.Value();
    if (!ab.IsDetached()) ab.Detach();
    it = views_.erase(it);
  }
}

void NativeObject::closeNow() {
  detachViews(false);
  state_->release();
}

// Idempotent. During a load the views go at once and the rest when the load
// ends.
Napi::Value NativeObject::Close(const Napi::CallbackInfo& info) {
  if (loading_) {
    detachViews(false);
    closeRequested_ = true;
  } else {
    closeNow();
  }
  return info.Env().Undefined();
}
