#!/usr/bin/env node
// Where the module's bytes go: the size of each section, of each function's
// body (named when the module has a name section: link it with
// --profiling-funcs) and of the data segments, with totals per group
// (the engine's own code, nlohmann/json's two instantiations, libc++, ...).
//
//   node bench/wasm-size.mjs FILE.wasm [--top 40]
//
// A relinked copy with names: bash bench/build-wasm-size.sh (docs/performance.md).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const top = Number(args.includes('--top') ? args[args.indexOf('--top') + 1] : 40);
if (!file) {
  process.stderr.write('usage: node bench/wasm-size.mjs FILE.wasm [--top N]\n');
  process.exit(2);
}
const bytes = readFileSync(file);
let pos = 8;
const uleb = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return result;
  }
};
const SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];
const sections = [];
let importedFunctions = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = uleb();
  const start = pos;
  let name = SECTIONS[id] || `#${id}`;
  if (id === 0) {
    const len = uleb();
    name = `custom "${bytes.subarray(pos, pos + len).toString()}"`;
    pos += len;
    if (name === 'custom "name"') {
      while (pos < start + size) {
        const sub = bytes[pos++];
        const subSize = uleb();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = uleb();
          for (let i = 0; i < count; ++i) {
            const index = uleb();
            const n = uleb();
            names.set(index, bytes.subarray(pos, pos + n).toString());
            pos += n;
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = uleb();
    for (let i = 0; i < count; ++i) {
      for (let k = 0; k < 2; ++k) {  // module, field
        const n = uleb();
        pos += n;
      }
      const kind = bytes[pos++];
      if (kind === 0) { uleb(); importedFunctions++; }
      else if (kind === 1) { pos++; const flags = uleb(); uleb(); if (flags & 1) uleb(); }
      else if (kind === 2) { const flags = uleb(); uleb(); if (flags & 1) uleb(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; uleb(); }
    }
  } else if (id === 10) {
    const count = uleb();
    for (let i = 0; i < count; ++i) {
      const len = uleb();
      bodies.push({ index: importedFunctions + i, size: len });
      pos += len;
    }
  } else if (id === 11) {
    dataBytes = size;
  }
  sections.push({ name, size });
  pos = start + size;
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const out = [];
out.push(`${file}: ${kib(bytes.length)} (${bytes.length} B)`);
out.push('');
out.push('| section | bytes |');
out.push('| --- | ---: |');
for (const s of sections) out.push(`| ${s.name} | ${s.size} |`);
out.push('');
const named = bodies.map((b) => ({ ...b, name: names.get(b.index) || `function ${b.index}` }));
const GROUPS = [
  ['nlohmann json (std::map)', /nlohmann::.*basic_json<std::__2::map|nlohmann::.*basic_json<>|nlohmann::.*basic_json<std::map/],
  ['nlohmann ordered_json', /nlohmann::.*ordered_map/],
  ['nlohmann (other)', /nlohmann::/],
  ['flagplan (engine)', /flagplan::/],
  ['embind', /emscripten::|_embind_|embind/],
  ['libc++ (std::)', /std::/],
  ['dlmalloc', /^(dl)?(malloc|free|realloc|calloc|memalign|sbrk|emscripten_builtin_)/],
  ['other (libc, runtime)', /.*/],
];
const groups = new Map(GROUPS.map(([g]) => [g, { size: 0, count: 0 }]));
for (const f of named) {
  const [g] = GROUPS.find(([, re]) => re.test(f.name));
  groups.get(g).size += f.size;
  groups.get(g).count += 1;
}
out.push(`Code: ${named.length} functions, ${kib(named.reduce((s, f) => s + f.size, 0))}${names.size ? '' : ' (no name section: link with --profiling-funcs for names)'}; data ${kib(dataBytes)}`);
out.push('');
out.push('| group (first match of a function\'s name) | functions | bytes |');
out.push('| --- | ---: | ---: |');
for (const [g, { size, count }] of groups) out.push(`| ${g} | ${count} | ${size} |`);
out.push('');
out.push(`The ${top} largest functions:`);
out.push('');
out.push('| bytes | function |');
out.push('| ---: | --- |');
for (const f of named.sort((a, b) => b.size - a.size).slice(0, top)) {
  out.push(`| ${f.size} | ${f.name.length > 160 ? `${f.name.slice(0, 157)}...` : f.name} |`);
}
process.stdout.write(`${out.join('\n')}\n`);
