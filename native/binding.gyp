# The Node-API bridge to libbpf. build.sh first builds libbpf from the pinned
# tree with -fPIC into build/addon/libbpf (see native/build-addon.sh); it is
# linked in statically, with Debian's libelf and zlib.
{
  "variables": {
    "libbpf_dir%": "<(module_root_dir)/../build/addon/libbpf",
  },
  "targets": [
    {
      "target_name": "bpftool_native",
      "sources": [
        "src/addon.cc",
        "src/libbpf-log.cc",
        "src/native-object.cc",
        "src/object-state.cc",
        "src/btf-vars.cc",
        "src/call-args.cc",
        "src/map-calls.cc",
        "src/event-buffers.cc",
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<(libbpf_dir)/include",
      ],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-missing-field-initializers"],
      "cflags_cc!": ["-fno-exceptions"],
      "libraries": [
        "<(libbpf_dir)/libbpf.a",
        "-lelf",
        "-lz",
        # libbpf's symbols stay private to the addon.
        "-Wl,--exclude-libs,ALL",
      ],
    },
  ],
}
