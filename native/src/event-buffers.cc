// NativeObject: ring and perf buffers, read without blocking.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <string>

#include "addon.h"
#include "call-args.h"
#include "libbpf-log.h"
#include "native-object.h"

namespace {
// Events taken per consume() call: a busy producer cannot keep the main
// thread in one call for ever.
constexpr size_t kMaxEventsPerConsume = 4096;
}  // namespace

Napi::Value NativeObject::RingBufferOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_map* m = map(info, 0);
  if (bpf_map__type(m) != BPF_MAP_TYPE_RINGBUF)
    throw UsageError(env, std::string("map '") + bpf_map__name(m) + "' is not a ring buffer");
  auto ring = std::make_unique<RingBuffer>();
  auto onSample = [](void* ctx, void* data, size_t size) -> int {
    auto* r = static_cast<RingBuffer*>(ctx);
    const auto* bytes = static_cast<const uint8_t*>(data);
    r->events.emplace_back(bytes, bytes + size);
    return 0;
  };
  LibbpfLog log;
  ring->rb = ring_buffer__new(bpf_map__fd(m), onSample, ring.get(), nullptr);
  if (ring->rb == nullptr)
    throw BpfError(env, std::string("cannot open ring buffer '") + bpf_map__name(m) + "'", errno, log.text());
  uint32_t id = state_->nextRingBufferId++;
  state_->ringBuffers[id] = std::move(ring);
  return Napi::Number::New(env, id);
}

// Takes the events available now, without blocking.
Napi::Value NativeObject::RingBufferConsume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  auto it = state_->ringBuffers.find(info[0].As<Napi::Number>().Uint32Value());
  if (it == state_->ringBuffers.end()) throw UsageError(env, "the ring buffer is closed");
  RingBuffer& ring = *it->second;
  LibbpfLog log;
  int n = ring_buffer__consume_n(ring.rb, kMaxEventsPerConsume);
  std::vector<std::vector<uint8_t>> events;
  events.swap(ring.events);
  Check(env, n, "cannot read ring buffer", log);
  Napi::Array out = Napi::Array::New(env, events.size());
  for (size_t i = 0; i < events.size(); i++) out.Set(i, CopyBytes(env, events[i].data(), events[i].size()));
  return out;
}

Napi::Value NativeObject::RingBufferClose(const Napi::CallbackInfo& info) {
  auto it = state_->ringBuffers.find(info[0].As<Napi::Number>().Uint32Value());
  if (it != state_->ringBuffers.end()) {
    ring_buffer__free(it->second->rb);
    state_->ringBuffers.erase(it);
  }
  return info.Env().Undefined();
}

// perfBufferOpen(map, pageCount): one perf buffer per possible CPU, each of
// pageCount pages (a power of two).
Napi::Value NativeObject::PerfBufferOpen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  bpf_map* m = map(info, 0);
  if (bpf_map__type(m) != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
    throw UsageError(env, std::string("map '") + bpf_map__name(m) + "' is not a perf event array");
  uint32_t pages = info[1].As<Napi::Number>().Uint32Value();
  auto perf = std::make_unique<PerfBuffer>();
  auto onSample = [](void* ctx, int cpu, void* data, __u32 size) {
    const auto* bytes = static_cast<const uint8_t*>(data);
    static_cast<PerfBuffer*>(ctx)->events.push_back({cpu, std::vector<uint8_t>(bytes, bytes + size)});
  };
  auto onLost = [](void* ctx, int, __u64 count) { static_cast<PerfBuffer*>(ctx)->lost += count; };
  LibbpfLog log;
  perf->pb = perf_buffer__new(bpf_map__fd(m), pages, onSample, onLost, perf.get(), nullptr);
  if (perf->pb == nullptr)
    throw BpfError(env, std::string("cannot open perf buffer '") + bpf_map__name(m) + "'", errno, log.text());
  uint32_t id = state_->nextPerfBufferId++;
  state_->perfBuffers[id] = std::move(perf);
  return Napi::Number::New(env, id);
}

// { events: [{ cpu, data }], lost }: what is waiting now, without blocking.
Napi::Value NativeObject::PerfBufferConsume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireLoaded(env);
  auto it = state_->perfBuffers.find(info[0].As<Napi::Number>().Uint32Value());
  if (it == state_->perfBuffers.end()) throw UsageError(env, "the perf buffer is closed");
  PerfBuffer& perf = *it->second;
  LibbpfLog log;
  int err = perf_buffer__consume(perf.pb);
  std::vector<PerfEvent> events;
  events.swap(perf.events);
  uint64_t lost = perf.lost;
  perf.lost = 0;
  Check(env, err, "cannot read perf buffer", log);
  Napi::Array list = Napi::Array::New(env, events.size());
  for (size_t i = 0; i < events.size(); i++) {
    Napi::Object e = Napi::Object::New(env);
    e.Set("cpu", events[i].cpu);
    e.Set("data", CopyBytes(env, events[i].data.data(), events[i].data.size()));
    list.Set(i, e);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("events", list);
  out.Set("lost", Napi::Number::New(env, static_cast<double>(lost)));
  return out;
}

Napi::Value NativeObject::PerfBufferClose(const Napi::CallbackInfo& info) {
  auto it = state_->perfBuffers.find(info[0].As<Napi::Number>().Uint32Value());
  if (it != state_->perfBuffers.end()) {
    perf_buffer__free(it->second->pb);
    state_->perfBuffers.erase(it);
  }
  return info.Env().Undefined();
}

