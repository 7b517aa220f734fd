// What one opened BPF object owns: the libbpf object, its links and ring
// buffers. Shared between the JavaScript wrapper and the zero-copy views of
// its global data, so that memory stays mapped for as long as a view can
// still reach it, even after the wrapper itself is collected.
#pragma once
#include <bpf/libbpf.h>

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

struct RingBuffer {
  ring_buffer* rb = nullptr;
  std::vector<std::vector<uint8_t>> events;  // filled while consuming
};

struct PerfEvent {
  int cpu;
  std::vector<uint8_t> data;
};

struct PerfBuffer {
  perf_buffer* pb = nullptr;
  std::vector<PerfEvent> events;  // filled while consuming
  uint64_t lost = 0;              // samples the kernel dropped, since the last consume
};

struct ObjectState {
  bpf_object* obj = nullptr;
  std::vector<bpf_program*> programs;
  std::vector<bpf_map*> maps;
  std::map<uint32_t, bpf_link*> links;
  uint32_t nextLinkId = 1;
  std::map<uint32_t, std::unique_ptr<RingBuffer>> ringBuffers;
  uint32_t nextRingBufferId = 1;
  std::map<uint32_t, std::unique_ptr<PerfBuffer>> perfBuffers;
  uint32_t nextPerfBufferId = 1;
  bool loaded = false;

  ObjectState() = default;
  ObjectState(const ObjectState&) = delete;
  ObjectState& operator=(const ObjectState&) = delete;
  ~ObjectState() { release(); }

  // Detaches every link, frees the ring and perf buffers and closes the object:
  // every kernel resource of the object is released.
  void release();
  bool open() const { return obj != nullptr; }
};
