// A small stand-in for a FlagFlow 1.7.1 server, for the apply/rollback tests.
// It implements what the scripts use, with FlagFlow's observed behaviour
// (DESIGN.md, "Applying a plan to a FlagFlow server"), and nothing else:
//
//   POST /api/login            {"username","password"} -> 200 {"session","ttlSeconds","expiredAt"}
//                              wrong credentials -> 403 {"message":"Login error"}
//   POST /api/logout           Authorization: Bearer ID -> 200 {"status":"ok"}
//   GET  /api/migrations       the export (no login needed), pretty JSON,
//   GET  /migration/export     like the files in examples/; createdAt = now
//   GET  /api/flags            Authorization: Bearer ID -> 200 {"flags"}; without it
//                              500 {"message":"Authentication error"}
//   POST /ui-rpc/migration.execute  {"json":{"steps":[STEP...]}}, Cookie: session=ID
//   POST /ui-rpc/flag.rename   {"json":{"oldKey","recentKey","description"}}, Cookie: session=ID
//
// RPC calls without a valid session cookie answer 401 (a Bearer header does
// not count); without the permission the procedure needs 403 (migration.execute:
// `migration`; flag.rename: `flag-create`, as FlagFlow's src/rpc/protected/flag.ts
// declares it). Success is 200
// {"result":{"data":{"json":null}}}; failure 500 {"error":{"json":{"message",...}}}.
// The executor is FlagFlow's (src/lib/server/services/FlagService):
//   a step whose dependentId is not in the same request -> error, nothing runs;
//   CREATE_DEFAULTVALUE: "Key already exists: flag:<key>" when it exists,
//     else stores the step's flag with valueExists false;
//   UPDATE_SCHEMA_DEFAULTVALUE: "Key does not exist: flag:<key>" when missing,
//     else {...stored, ...flag} with valueExists false;
//   SET_VALUE: "Key does not exist: flag:<key>" when missing, else writes value
//     and valueExists only;
//   DELETE: removes the flag (no error when it is missing, as with etcd).
// flag.rename is FlagFlow's (src/rpc/protected/flag.ts): oldKey and recentKey
//   are trimmed and must follow the key rule, description must be a string
//   (not trimmed); "Key not exists: flag:<oldKey>" when oldKey is missing;
//   the same key twice only replaces the description; otherwise
//   "Key already exists: flag:<recentKey>" when recentKey exists, else the
//   stored flag (schema and value kept, description replaced) is written
//   under recentKey (last in creation order) and oldKey is deleted.
// Flags are stored with the fields of their type only (zod drops the rest),
// in creation order. Reads (the export) lag writes by `lagMs`: the executor
// sees the store, the export a cache refreshed lagMs after each write.
//
// Test control (no login; for tests only):
//   GET  /__test/state                 {"flags" (the store, no lag), "requests": [{method,path,status}
//                                       (RPC calls add `input`: the body's json)], "sessions": [ids]}
//   POST /__test/fail  {"nth":N, "status"?:500, "message"?, "path"?}
//        the Nth request to `path` (default /ui-rpc/migration.execute) from now
//        on fails with that status and message and changes nothing
//   POST /__test/ignore {"nth":N, "path"?}  the Nth such request answers 200
//        but changes nothing (a server that loses writes)
//   POST /__test/fault {"nth":N, "kind", "path"?, "status"?, "message"?, "ms"?, "outage"?}
//        a fault on the Nth request to `path` (default /ui-rpc/migration.execute):
//          kind "status":       answers `status` (default 500) with `message`, changes nothing
//          kind "reset-before": the connection is reset before the request reaches
//                               the executor (nothing changes, no answer)
//          kind "reset-after":  the request runs, then the connection is reset
//                               (the write landed, its answer is lost)
//          kind "delay":        the request waits `ms` before it runs (a client
//                               that gave up never hears that it landed)
//        with "outage": true, every later request (but /__test/) is reset before
//        it reaches the server, until POST /__test/heal (the network is down)
//   POST /__test/heal                  ends an outage
//   POST /__test/set-flag {"key", "flag": {...} | null}  changes a flag behind
//        the plan's back (store and export at once)
//   POST /__test/load {"export": {...}}  replaces every flag (store and export at once)
//
// Run: node tests/server/flagflow-server.mjs [--export FILE] [--environment NAME]
//        [--lag-ms N] [--port N] [--username U] [--password P]
// It listens on 127.0.0.1 (port 0 = any free port) and prints its URL on the
// first line of standard output. Or import { startServer } and await it.

import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIELDS = {
  BOOLEAN: ['description', 'type', 'defaultValue', 'isKillSwitch', 'valueExists', 'value'],
  INTEGER: ['description', 'type', 'defaultValue', 'minValue', 'maxValue', 'valueExists', 'value'],
  STRING: ['description', 'type', 'defaultValue', 'maxLength', 'regExp', 'valueExists', 'value'],
  OBJECT: ['description', 'type', 'schema', 'defaultValue', 'valueExists', 'value'],
  ENUM: ['description', 'type', 'defaultValue', 'enumValues', 'allowEmpty', 'valueExists', 'value'],
  TAG: ['description', 'type', 'defaultValue', 'tagValues', 'minCount', 'maxCount', 'valueExists', 'value'],
  'AB-TEST': ['description', 'type', 'chanceBPercent'],
};
const KEY_RULE = /^[a-z][0-9a-z]*(_[0-9a-z]+)*(\/[a-z][0-9a-z]*(_[0-9a-z]+)*)*$/;
const MODES = new Set(['CREATE_DEFAULTVALUE', 'UPDATE_SCHEMA_DEFAULTVALUE', 'SET_VALUE', 'DELETE']);

class RpcError extends Error {
  constructor(message, status = 500, code = 'INTERNAL_SERVER_ERROR') {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The flag as FlagFlow stores it: the fields of its type, in export order. */
function storedFlag(flag) {
  if (flag === null || typeof flag !== 'object' || !FIELDS[flag.type])
    throw new RpcError(`Invalid flag: unknown type ${JSON.stringify(flag?.type)}`, 400, 'BAD_REQUEST');
  const out = {};
  for (const field of FIELDS[flag.type]) if (field in flag) out[field] = structuredClone(flag[field]);
  return out;
}

function cloneFlags(map) {
  return new Map([...map].map(([k, v]) => [k, structuredClone(v)]));
}

export async function startServer({
  exportData = { environment: '', version: '1.7.1', createdAt: new Date().toISOString(), flags: {} },
  environment,
  lagMs = 300,
  port = 0,
  users = [{ username: 'admin', password: 'admin-password', permissions: ['migration', 'flag-create'] }],
} = {}) {
  const env = environment ?? exportData.environment ?? '';
  const version = exportData.version ?? '1.7.1';
  let store = new Map(Object.entries(structuredClone(exportData.flags ?? {})));
  let cache = cloneFlags(store);
  const sessions = new Map(); // id -> user
  const issued = []; // every session id handed out
  const requests = [];
  const switches = []; // {path, remaining, kind, status, message, ms, outage}
  let outage = false;
  const timers = new Set();

  const refreshLater = () => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      cache = cloneFlags(store);
    }, lagMs);
    timers.add(timer);
  };

  const exportBody = () =>
    JSON.stringify(
      { environment: env, version, createdAt: new Date().toISOString(), flags: Object.fromEntries(cache) },
      null,
      2,
    );

  const cookieSession = (req) => {
    const header = req.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === 'session') return sessions.get(rest.join('='));
    }
    return undefined;
  };

  const execute = (steps) => {
    if (!Array.isArray(steps)) throw new RpcError('Invalid input: steps must be an array', 400, 'BAD_REQUEST');
    for (const step of steps) {
      if (step === null || typeof step !== 'object' || !MODES.has(step.mode) || typeof step.flagKey !== 'string' ||
          !Number.isInteger(step.id))
        throw new RpcError('Invalid input: a step needs id, mode and flagKey', 400, 'BAD_REQUEST');
      if (!KEY_RULE.test(step.flagKey)) throw new RpcError(`Invalid flag key: ${step.flagKey}`, 400, 'BAD_REQUEST');
      if (step.mode !== 'DELETE') storedFlag(step.flag);
    }
    for (const step of steps)
      if (step.dependentId && !steps.some((s) => s.id === step.dependentId))
        throw new RpcError(`Dependent step with id ${step.dependentId} not found for step ${step.id}`);
    for (const step of steps) {
      const key = step.flagKey;
      switch (step.mode) {
        case 'CREATE_DEFAULTVALUE': {
          if (store.has(key)) throw new RpcError(`Key already exists: flag:${key}`);
          const flag = storedFlag(step.flag);
          if ('valueExists' in flag) flag.valueExists = false;
          store.set(key, flag);
          break;
        }
        case 'UPDATE_SCHEMA_DEFAULTVALUE': {
          if (!store.has(key)) throw new RpcError(`Key does not exist: flag:${key}`);
          const flag = storedFlag(step.flag);
          if ('valueExists' in flag) flag.valueExists = false;
          store.set(key, storedFlag({ ...store.get(key), ...flag }));
          break;
        }
        case 'SET_VALUE': {
          if (!store.has(key)) throw new RpcError(`Key does not exist: flag:${key}`);
          if ('value' in step.flag)
            store.set(key, storedFlag({ ...store.get(key), value: step.flag.value, valueExists: step.flag.valueExists }));
          break;
        }
        case 'DELETE':
          store.delete(key);
          break;
      }
    }
    refreshLater();
  };

  const rename = (input) => {
    const { description } = input ?? {};
    let { oldKey, recentKey } = input ?? {};
    if (typeof oldKey !== 'string' || typeof recentKey !== 'string' || typeof description !== 'string')
      throw new RpcError('Invalid input: oldKey, recentKey and description are strings', 400, 'BAD_REQUEST');
    oldKey = oldKey.trim();
    recentKey = recentKey.trim();
    for (const key of [oldKey, recentKey])
      if (!KEY_RULE.test(key)) throw new RpcError(`Invalid flag key: ${key}`, 400, 'BAD_REQUEST');
    if (!store.has(oldKey)) throw new RpcError(`Key not exists: flag:${oldKey}`);
    const flag = structuredClone(store.get(oldKey));
    flag.description = description;
    if (oldKey === recentKey) {
      store.set(recentKey, flag);
    } else {
      if (store.has(recentKey)) throw new RpcError(`Key already exists: flag:${recentKey}`);
      store.set(recentKey, flag);
      store.delete(oldKey);
    }
    refreshLater();
  };

  const takeSwitch = (path) => {
    const index = switches.findIndex((s) => s.path === path);
    if (index < 0) return undefined;
    const s = switches[index];
    s.remaining -= 1;
    if (s.remaining > 0) return undefined;
    switches.splice(index, 1);
    return s;
  };

  const lost = new WeakSet(); // answers that never arrive: the connection is reset instead
  const send = (res, status, body, headers = {}) => {
    if (lost.has(res)) {
      res.socket?.destroy();
      return 'reset';
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(text);
    return status;
  };

  const rpcError = (res, path, error) =>
    send(res, error.status, {
      error: {
        json: {
          message: error.message,
          code: error.status === 401 ? -32001 : error.status === 403 ? -32003 : -32603,
          data: { code: error.code, httpStatus: error.status, path },
        },
      },
    });

  const handle = async (req, res, body) => {
    const url = new URL(req.url, 'http://localhost');
    const path = url.pathname;
    const parse = () => {
      try {
        return JSON.parse(body);
      } catch {
        return undefined;
      }
    };

    if (path.startsWith('/__test/')) {
      const input = parse() ?? {};
      switch (`${req.method} ${path}`) {
        case 'GET /__test/state':
          return send(res, 200, { flags: Object.fromEntries(store), requests, sessions: [...sessions.keys()] });
        case 'POST /__test/fail':
        case 'POST /__test/ignore':
        case 'POST /__test/fault': {
          const kind = path === '/__test/fail' ? 'status' : path === '/__test/ignore' ? 'ignore' : input.kind;
          if (!['status', 'ignore', 'reset-before', 'reset-after', 'delay'].includes(kind))
            return send(res, 400, { message: `unknown fault kind ${JSON.stringify(kind)}` });
          switches.push({
            path: input.path ?? '/ui-rpc/migration.execute',
            remaining: input.nth ?? 1,
            kind,
            status: input.status ?? 500,
            message: input.message ?? 'Injected failure (test server)',
            ms: input.ms ?? 0,
            outage: input.outage === true,
          });
          return send(res, 200, { ok: true });
        }
        case 'POST /__test/heal':
          outage = false;
          return send(res, 200, { ok: true });
        case 'POST /__test/set-flag':
          if (input.flag === null) store.delete(input.key);
          else store.set(input.key, storedFlag(input.flag));
          cache = cloneFlags(store);
          return send(res, 200, { ok: true });
        case 'POST /__test/load':
          store = new Map(Object.entries(structuredClone(input.export.flags)));
          cache = cloneFlags(store);
          return send(res, 200, { ok: true });
        default:
          return send(res, 404, { message: 'Not found' });
      }
    }

    if (outage) {
      req.socket.destroy();
      return 'reset';
    }
    const injected = takeSwitch(path);
    if (injected?.outage) outage = true;
    if (injected?.kind === 'reset-before') {
      req.socket.destroy();
      return 'reset';
    }
    if (injected?.kind === 'reset-after') lost.add(res);
    if (injected?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, injected.ms));
    if (injected?.kind === 'status') {
      if (path.startsWith('/ui-rpc/')) return rpcError(res, path.slice(8), new RpcError(injected.message, injected.status));
      return send(res, injected.status, { message: injected.message });
    }

    if (req.method === 'POST' && path === '/api/login') {
      const input = parse();
      if (!input || typeof input.username !== 'string' || typeof input.password !== 'string')
        return send(res, 400, { message: 'Invalid request body: username and password are required' });
      const user = users.find((u) => u.username === input.username.trim() && u.password === input.password);
      if (!user) return send(res, 403, { message: 'Login error' });
      const id = crypto.randomBytes(24).toString('hex');
      sessions.set(id, user);
      issued.push(id);
      return send(res, 200, {
        session: id,
        ttlSeconds: 3600,
        expiredAt: new Date(Date.now() + 3600e3).toISOString(),
      });
    }
    if (req.method === 'POST' && path === '/api/logout') {
      const auth = req.headers.authorization ?? '';
      const id = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (!sessions.delete(id)) return send(res, 403, { message: 'Logout failed' });
      return send(res, 200, { status: 'ok' });
    }
    if (req.method === 'GET' && (path === '/api/migrations' || path === '/migration/export')) {
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      return send(res, 200, exportBody(), {
        'Content-Disposition': `attachment; filename="flagflow_migration_${env}_${stamp}.json"`,
      });
    }
    if (req.method === 'GET' && path === '/api/flags') {
      const auth = req.headers.authorization ?? '';
      if (!sessions.has(auth.startsWith('Bearer ') ? auth.slice(7) : ''))
        return send(res, 500, { message: 'Authentication error' });
      return send(res, 200, { flags: Object.fromEntries(cache) });
    }
    if (req.method === 'POST' && path.startsWith('/ui-rpc/')) {
      const procedure = path.slice('/ui-rpc/'.length);
      if (procedure !== 'migration.execute' && procedure !== 'flag.rename')
        return rpcError(res, procedure, new RpcError(`No procedure found on path "${procedure}"`, 404, 'NOT_FOUND'));
      const user = cookieSession(req);
      if (!user) return rpcError(res, procedure, new RpcError('Authentication error', 401, 'UNAUTHORIZED'));
      const permission = procedure === 'migration.execute' ? 'migration' : 'flag-create';
      if (!user.permissions.includes(permission))
        return rpcError(res, procedure, new RpcError(`Permission error (${permission})`, 403, 'FORBIDDEN'));
      const input = parse();
      if (!input || typeof input !== 'object' || !('json' in input))
        return rpcError(res, procedure, new RpcError('Invalid input: expected {"json": ...}', 400, 'BAD_REQUEST'));
      if (injected?.kind === 'ignore') return send(res, 200, { result: { data: { json: null } } });
      try {
        if (procedure === 'migration.execute') execute(input.json?.steps);
        else rename(input.json);
      } catch (error) {
        return rpcError(res, procedure, error instanceof RpcError ? error : new RpcError(String(error.message)));
      }
      return send(res, 200, { result: { data: { json: null } } });
    }
    return send(res, 404, { message: 'Not found' });
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = await handle(req, res, body);
      const path = new URL(req.url, 'http://localhost').pathname;
      if (path.startsWith('/__test/')) return;
      const entry = { method: req.method, path, status };
      if (path.startsWith('/ui-rpc/')) {
        try {
          entry.input = JSON.parse(body).json;
        } catch {
          entry.input = undefined;
        }
      }
      requests.push(entry);
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    port: server.address().port,
    /** The store (what the executor sees), as an export's flags object. */
    flags: () => structuredClone(Object.fromEntries(store)),
    requests,
    /** Session ids that are still valid, and every one ever handed out. */
    sessions: () => [...sessions.keys()],
    issuedSessions: () => [...issued],
    close: () =>
      new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const file = option('--export');
  const exportData = file ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
  const server = await startServer({
    exportData,
    environment: option('--environment'),
    lagMs: Number(option('--lag-ms', '300')),
    port: Number(option('--port', '0')),
    users: [
      {
        username: option('--username', 'admin'),
        password: option('--password', 'admin-password'),
        permissions: ['migration', 'flag-create'],
      },
    ],
  });
  console.log(server.url);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
