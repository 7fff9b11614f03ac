// Prepended to the generated ES module (--extern-pre-js). Emscripten 3.1.6's
// ES module output still reads CommonJS's `require` and `__dirname` when it
// runs under node (and its debug build asserts `require` exists), but an ES
// module in node has neither. Recreate them from import.meta.url, under node
// only; browsers and workers skip both branches and never import node:module.
var flagplanIsNode = typeof process == 'object' && typeof process.versions == 'object' &&
    typeof process.versions.node == 'string';
var require = flagplanIsNode ? (await import('node:module')).createRequire(import.meta.url) : undefined;
var __dirname = flagplanIsNode ? require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url)) : '';
