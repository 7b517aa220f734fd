#include "object-state.h"

void ObjectState::release() {
  for (auto& [id, link] : links) bpf_link__destroy(link);
  links.clear();
  for (auto& [id, ring] : ringBuffers) ring_buffer__free(ring->rb);
  ringBuffers.clear();
  for (auto& [id, perf] : perfBuffers) perf_buffer__free(perf->pb);
  perfBuffers.clear();
  if (obj != nullptr) bpf_object__close(obj);
  obj = nullptr;
  programs.clear();
  maps.clear();
}
