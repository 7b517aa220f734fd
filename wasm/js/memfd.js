/* memfd_create() for the module (see shim/syscall.c): an anonymous in-memory
 * file, in both glues. It is a node of a detached in-memory file system, so
 * it has no path: nothing is created on any file system, as with a real
 * memfd, and the host-backed glue (NODERAWFS) never sees it. Returns the
 * descriptor, or a negative errno of the C library. */
mergeInto(LibraryManager.library, {
  bpftool_wasm_memfd_create__deps: ['$FS', '$MEMFS'],
  bpftool_wasm_memfd_create: function () {
    try {
      var dir = MEMFS.mount(null);
      var node = MEMFS.createNode(dir, 'memfd', 0x8000 /* S_IFREG */ | 0x180 /* 0600 */, 0);
      var stream = FS.createStream({
        node: node,
        path: '',
        flags: 2 /* O_RDWR */,
        seekable: true,
        position: 0,
        stream_ops: node.stream_ops,
        ungotten: [],
        error: false,
      });
      return stream.fd;
    } catch (e) {
      if (!(e instanceof FS.ErrnoError)) throw e;
      return -e.errno;
    }
  },
});
