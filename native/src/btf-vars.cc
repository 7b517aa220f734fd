#include "btf-vars.h"

namespace {
const btf_type* DatasecType(const bpf_object* obj, const bpf_map* map) {
  if (!bpf_map__is_internal(map)) return nullptr;
  const btf* b = bpf_object__btf(obj);
  if (b == nullptr) return nullptr;
  __u32 id = bpf_map__btf_value_type_id(map);
  if (id == 0) return nullptr;
  const btf_type* t = btf__type_by_id(b, id);
  return t != nullptr && btf_is_datasec(t) ? t : nullptr;
}

// typedef, const, volatile, restrict and type tags do not change the bytes.
const btf_type* SkipModifiers(const btf* b, const btf_type* t) {
  while (t != nullptr && (btf_is_typedef(t) || btf_is_mod(t) || btf_is_type_tag(t)))
    t = btf__type_by_id(b, t->type);
  return t;
}

const char* ScalarKind(const btf_type* t) {
  if (t == nullptr) return "bytes";
  if (btf_is_int(t)) {
    if (btf_int_bits(t) != t->size * 8 || btf_int_offset(t) != 0) return "bytes";
    return (btf_int_encoding(t) & BTF_INT_SIGNED) ? "int" : "uint";
  }
  if (btf_is_any_enum(t)) return btf_kflag(t) ? "int" : "uint";
  if (btf_is_ptr(t)) return "uint";
  if (btf_is_float(t)) return "float";
  return "bytes";
}
}  // namespace

std::string DatasecName(const bpf_object* obj, const bpf_map* map) {
  const btf_type* t = DatasecType(obj, map);
  if (t == nullptr) return "";
  return btf__name_by_offset(bpf_object__btf(obj), t->name_off);
}

Napi::Array DatasecVariables(Napi::Env env, const bpf_object* obj, const bpf_map* map) {
  Napi::Array out = Napi::Array::New(env);
  const btf_type* sec = DatasecType(obj, map);
  if (sec == nullptr) return out;
  const btf* b = bpf_object__btf(obj);
  const btf_var_secinfo* vsi = btf_var_secinfos(sec);
  for (int i = 0; i < btf_vlen(sec); i++, vsi++) {
    const btf_type* var = btf__type_by_id(b, vsi->type);
    if (var == nullptr || !btf_is_var(var)) continue;
    const btf_type* type = SkipModifiers(b, btf__type_by_id(b, var->type));
    Napi::Object v = Napi::Object::New(env);
    v.Set("name", btf__name_by_offset(b, var->name_off));
    v.Set("offset", vsi->offset);
    v.Set("size", vsi->size);
    v.Set("kind", ScalarKind(type));
    out.Set(out.Length(), v);
  }
  return out;
}
