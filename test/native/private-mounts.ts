/**
 * Runs a command in a private mount namespace of its own, where tracefs is
 * mounted at /sys/kernel/tracing (libbpf reads tracepoint ids there) and a
 * fresh, empty BPF file system at /sys/fs/bpf. The mounts are made over
 * whatever the host has there and vanish with the namespace when its last
 * process exits: the host's mount table never changes, not even while the
 * command runs. Free of vitest, so that the runners can use it too.
 */
import { execFileSync, spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';

/** The file systems the kernel tests need, and where. */
export const PRIVATE_MOUNTS = [
  ['tracefs', '/sys/kernel/tracing'],
  ['bpf', '/sys/fs/bpf'],
] as const;

/**
 * The shell commands that make one of the mounts. The BPF file system is
 * mounted anew in any case: each mount is a new, empty instance. tracefs
 * has a single instance, and the kernel refuses to mount it over itself
 * (EBUSY): when the namespace's copy of the host's mounts already has it on
 * top there, that copy is what a mount would give.
 */
function mountCommand(type: string, dir: string): string {
  const mount = `mount -t ${type} ${type} ${dir}`;
  if (type !== 'tracefs') return mount;
  const top = `awk '$2 == "${dir}" { t = $3 } END { print t }' /proc/self/mounts`;
  return `{ [ "$(${top})" = ${type} ] || ${mount}; }`;
}

/** The environment variable that tells a command the mount namespace it was started from. */
const HOST_NAMESPACE_VARIABLE = 'BPFTOOL_WASM_TEST_HOST_MOUNT_NAMESPACE';

const mountNamespace = () => readlinkSync('/proc/self/ns/mnt'); // `mnt:[<inode>]`

/**
 * `command args…` as a command line that runs it in a private mount
 * namespace with the mounts above: the file and arguments to spawn.
 */
export function withPrivateMounts(command: string, args: readonly string[] = []): [string, string[]] {
  const script = [
    ...PRIVATE_MOUNTS.map(([type, dir]) => mountCommand(type, dir)),
    `${HOST_NAMESPACE_VARIABLE}='${mountNamespace()}' exec "$@"`,
  ].join(' && ');
  return ['unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', script, 'sh', command, ...args]];
}

/** spawnSync(command, args, options), in a private mount namespace. */
export function spawnWithPrivateMounts(
  command: string,
  args: readonly string[],
  options: SpawnSyncOptionsWithStringEncoding,
): SpawnSyncReturns<string> {
  const [file, wrapped] = withPrivateMounts(command, args);
  return spawnSync(file, wrapped, options);
}

/** Why commands cannot run in private mounts here, or undefined when they can. */
export function privateMountsSkipReason(): string | undefined {
  try {
    execFileSync(...withPrivateMounts('true'), { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot mount ${PRIVATE_MOUNTS.map(([type, dir]) => `${type} on ${dir}`).join(' and ')} ` +
      `in a private mount namespace (unshare --mount): ${stderr || (e instanceof Error ? e.message : String(e))}`;
  }
}

/**
 * Why this process is not in private mounts made by withPrivateMounts(), or
 * undefined when it is: in a mount namespace other than the one it was
 * started from, with the file systems mounted. The runners check it before
 * they touch /sys/fs/bpf.
 */
export function notInPrivateMountsReason(): string | undefined {
  const host = process.env[HOST_NAMESPACE_VARIABLE];
  if (host === undefined || host === mountNamespace()) {
    return 'not in a private mount namespace: start this process through withPrivateMounts() (test/native/private-mounts.ts)';
  }
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  for (const [type, dir] of PRIVATE_MOUNTS) {
    if (!mounts.some(([, at, fsType]) => at === dir && fsType === type)) return `no ${type} at ${dir} in the private mounts`;
  }
  return undefined;
}
