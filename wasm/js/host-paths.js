// Post-js of the host-backed glue (NODERAWFS, the CLI's): a path relative to
// the working directory reaches Node's fs as bpftool was given it, so the
// host resolves it as it would for native bpftool. emscripten would join it
// to the cwd with '/', which breaks Windows paths (`C:\x\y.o`, drive-relative
// `Z:y.o`) that do not start with '/'.
(function () {
  var calculateAt = SYSCALLS.calculateAt;
  SYSCALLS.calculateAt = function (dirfd, path, allowEmpty) {
    if (dirfd === -100 /* AT_FDCWD */ && path.length) return path;
    return calculateAt(dirfd, path, allowEmpty);
  };
})();
