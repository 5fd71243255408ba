// electron-builder afterPack hook (and a library for test/package/check.mjs): every native
// module (`.node`) in a packed app must be built for the platform and CPU being packaged.
// npm installs native binaries for the machine it runs on (keytar's build or prebuild, sharp's
// @img/sharp-<os>-<cpu> package), so packing another architecture from the same node_modules
// would ship binaries that fail to load. Reading the file header catches that at build time.
import { readdirSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';

const ELF_MACHINES = { 3: 'ia32', 40: 'armv7l', 62: 'x64', 183: 'arm64' };
const MACHO_CPUS = { 7: 'ia32', 12: 'armv7l', 0x01000007: 'x64', 0x0100000c: 'arm64' };
const PE_MACHINES = { 0x14c: 'ia32', 0x1c4: 'armv7l', 0x8664: 'x64', 0xaa64: 'arm64' };
// electron-builder's Arch enum, as afterPack receives it.
const BUILDER_ARCHS = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];
const FORMAT_OF_PLATFORM = { linux: 'elf', darwin: 'macho', mas: 'macho', win32: 'pe' };

/** `{ format: 'elf' | 'macho' | 'pe', archs: [...] }` from a binary's header, or null if it is none of them. */
export function nativeArchOf(header) {
  const u32le = (at) => header.readUInt32LE(at);
  const u32be = (at) => header.readUInt32BE(at);
  if (header.length >= 20 && header.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) {
    const machine = header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18);
    return { format: 'elf', archs: [ELF_MACHINES[machine] ?? `elf-machine-${machine}`] };
  }
  if (header.length >= 8 && (u32le(0) === 0xfeedfacf || u32le(0) === 0xfeedface)) {
    const cpu = u32le(4);
    return { format: 'macho', archs: [MACHO_CPUS[cpu] ?? `macho-cpu-${cpu}`] };
  }
  if (header.length >= 8 && (u32be(0) === 0xcafebabe || u32be(0) === 0xcafebabf)) {
    // A fat (universal) Mach-O: a list of slices, 20 bytes each (32 for the 64-bit variant).
    const size = u32be(0) === 0xcafebabe ? 20 : 32;
    const count = u32be(4);
    const archs = [];
    for (let i = 0; i < count && 8 + (i + 1) * size <= header.length; i++) {
      const cpu = u32be(8 + i * size);
      archs.push(MACHO_CPUS[cpu] ?? `macho-cpu-${cpu}`);
    }
    return { format: 'macho', archs };
  }
  if (header.length >= 0x40 && header[0] === 0x4d && header[1] === 0x5a) {
    const pe = u32le(0x3c);
    if (pe + 6 <= header.length && u32le(pe) === 0x00004550) {
      const machine = header.readUInt16LE(pe + 4);
      return { format: 'pe', archs: [PE_MACHINES[machine] ?? `pe-machine-${machine}`] };
    }
  }
  return null;
}

function readHeader(file, bytes = 4096) {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

export function findNativeFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.node'))
    .map((d) => join(d.parentPath ?? d.path, d.name));
}

/** Every `.node` under `dir` that is not a `platform` binary for `arch`; empty when all are right. */
export function nativeArchProblems(dir, platform, arch) {
  const format = FORMAT_OF_PLATFORM[platform];
  const wanted = arch === 'universal' ? ['x64', 'arm64'] : [arch];
  const problems = [];
  for (const file of findNativeFiles(dir)) {
    const found = nativeArchOf(readHeader(file));
    if (!found) problems.push({ file, found: 'not a native binary', wanted: `${format} ${wanted.join('+')}` });
    else if (found.format !== format || !wanted.every((a) => found.archs.includes(a))) {
      problems.push({
        file,
        found: `${found.format} ${found.archs.join('+')}`,
        wanted: `${format} ${wanted.join('+')}`,
      });
    }
  }
  return problems;
}

/** The afterPack hook: fails the build before signing if a native module is for another target. */
export default async function afterPack(context) {
  const arch = BUILDER_ARCHS[context.arch] ?? String(context.arch);
  const problems = nativeArchProblems(context.appOutDir, context.electronPlatformName, arch);
  if (problems.length) {
    const list = problems.map((p) => `  ${p.file}: ${p.found}, needs ${p.wanted}`).join('\n');
    throw new Error(
      `native modules do not match ${context.electronPlatformName} ${arch}:\n${list}\n` +
        'Build each architecture on a machine of that architecture after `npm ci` (README, "Building installers").',
    );
  }
}
