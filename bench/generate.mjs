#!/usr/bin/env node
// Deterministic generator of realistic FlagFlow export pairs for the
// benchmarks: a source ("staging") and a target ("production") export with
// the same number of flags each, written as FlagFlow writes them
// (JSON.stringify with two-space indent).
//
//   node bench/generate.mjs --flags 100000 [--seed 1] --out DIR
//     -> DIR/staging-100000.json, DIR/production-100000.json
//
// What a pair holds (fractions of the source's flags, by seed):
//   * all seven flag types (BOOLEAN 25 %, ENUM 20 %, STRING 15 %, INTEGER 12 %,
//     OBJECT 12 %, TAG 8 %, AB-TEST 8 %);
//   * hierarchical keys of 1 to 4 segments (`billing/invoice/retry_v2_1a`);
//   * every kind of difference: equal (~70 %), value differs (~9 %: value or
//     valueExists), schema differs (~7 %), key absent in the target (~5 %),
//     other type in the target (~2 %), description-only differences (~7 %,
//     which make no step), and target-only flags (as many as the absent ones,
//     so both sides hold `--flags` flags) interleaved in the target;
//   * OBJECT schemas with named types, arrays and optional properties, and
//     conforming literal values;
//   * short and long descriptions (about 1 in 16 is 180 to 560 characters,
//     some with non-ASCII text);
//   * STRING flags with and without regExp (simple anchored patterns).
// Every flag is valid, so the plan is not blocked and executable formats
// render. About 280 bytes per flag: 100,000 flags make about 28 MB a file.
//
// The same --flags and --seed always give the same bytes (own PRNG, no
// Math.random, no dates, no locale).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// ---- deterministic PRNG (mulberry32) ----
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    weighted: (pairs) => {
      let x = next() * pairs.reduce((s, [, w]) => s + w, 0);
      for (const [v, w] of pairs) {
        if ((x -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][0];
    },
    sample: (list, n) => {
      const copy = list.slice();
      const out = [];
      while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
  };
  return r;
}

// ---- vocabulary ----
const DOMAINS = ["checkout", "billing", "search", "ui", "catalog", "infra", "ops", "notifications",
  "recommendations", "experiments", "auth", "payments", "shipping", "mobile", "analytics", "support"];
const AREAS = ["cart", "invoice", "ranking", "theme", "badges", "cache", "kill", "email", "push", "sms",
  "widget", "session", "ledger", "tax", "carriers", "onboarding", "profile", "feed", "pricing", "banner",
  "db_migration", "rate_limit", "gateway", "reports", "tracking", "locale"];
const WORDS = ["new", "flow", "guest", "retry", "max", "attempts", "model", "palette", "enabled", "v2",
  "layout", "timeout", "threshold", "provider", "mode", "window", "limit", "batch", "size", "stage",
  "strategy", "prefix", "template", "variant", "sender", "region", "fallback", "quota", "level", "policy"];
const SENTENCES = [
  "Controls whether the new flow is shown to signed-in customers.",
  "Rolled out gradually; see the runbook before changing it in production.",
  "Owned by the payments team (#payments-oncall).",
  "Temporary flag for the Q3 migration; remove after the cut-over.",
  "Affects every request to the public API, so change it during low traffic.",
  "Déjà vu: the legacy path stays available until the old clients are gone.",
  "Kept in sync with the mobile apps' remote config — ask before editing.",
  "Values are read once per minute by the edge workers.",
  "Numbers are in milliseconds unless noted otherwise.",
  "Used by the nightly batch jobs as well as the web shop. 🚀",
];
const SHORT = ["Enable the new checkout", "Max retries for a failed charge", "Ranking model identifier",
  "Default colour palette", "Badges shown on product tiles", "Homepage hero banner A/B test",
  "Product cache configuration", "Global maintenance mode", "Alphanumeric SMS sender id",
  "Fallback UI locale", "Currencies accepted at checkout", "Invoice PDF template settings"];
const STAGES = [["off", "complete"], ["off", "shadow", "live", "complete"],
  ["off", "dualwrite", "shadow", "live", "rampdown", "complete"], ["off", "read-only", "shadow", "live", "completed"],
  ["light", "dark", "system"], ["internal", "avalara", "taxjar"], ["bm25", "neural", "hybrid"], ["en", "de", "fr", "es", "it"]];
const TAGS = [["new", "sale", "bestseller", "eco"], ["EUR", "USD", "GBP", "CHF", "PLN"],
  ["card", "paypal", "klarna", "applepay"], ["shoes", "bags", "watches", "outdoor", "kids"]];
const STRING_KINDS = [
  { regExp: "^[a-z0-9-]+$", maxLength: 64, values: ["bm25-baseline", "ltr-lambdamart-v3", "edge-eu-1", "canary"] },
  { regExp: "^[A-Z0-9]{6,10}$", maxLength: 10, values: ["WELCOME10", "SPRING2025", "BLACKFRI", "XMAS2026"] },
  { regExp: "^[A-Za-z0-9]+$", maxLength: 11, values: ["SHOP", "SHOPSTG", "ACMEinc", "Store42"] },
  { regExp: "", maxLength: 140, values: ["", "[Shop]", "Scheduled maintenance Sunday 02:00-04:00 UTC", "Free shipping over 50 €"] },
  { regExp: "", maxLength: 0, values: ["https://cdn.example.com/assets/v2", "eu-central-1", "{\"raw\": true}", "plain text"] },
  { regExp: "^v\\d+\\.\\d+$", maxLength: 12, values: ["v1.0", "v2.3", "v10.12"] },
];
const OBJECT_KINDS = [
  {
    schema: "{\n\tttlSeconds: integer,\n\tmaxEntries: integer,\n\tbackend: string,\n\twarmOnStart?: boolean\n}",
    value: (r) => `{ ttlSeconds: ${r.int(1, 3600)}, maxEntries: ${r.int(100, 100000)}, backend: '${r.pick(["redis", "memcached", "memory"])}'${r.chance(0.5) ? ", warmOnStart: true" : ""} }`,
  },
  {
    schema: "{\n\tnodes: string[],\n\treplicas: integer,\n\tshardCount: integer\n}",
    value: (r) => `{ nodes: [${Array.from({ length: r.int(1, 3) }, (_, i) => `'search-${i + 1}'`).join(", ")}], replicas: ${r.int(1, 3)}, shardCount: ${r.int(1, 12)} }`,
  },
  {
    schema: "type Carrier = { code: string, label: string, maxWeightKg: float, tracking?: boolean }\n{\n\tcarriers: Carrier[],\n\tfreeShippingThreshold: number,\n\texpressSurcharge?: number\n}",
    value: (r) => `{ carriers: [{ code: 'dhl', label: 'DHL', maxWeightKg: ${r.int(5, 40)}.5 }${r.chance(0.5) ? ", { code: 'ups', label: 'UPS', maxWeightKg: 70, tracking: true }" : ""}], freeShippingThreshold: ${r.int(20, 100)} }`,
  },
  {
    schema: "interface Slot { position: integer, source: string }\n{\n\tcolumns: integer,\n\tslots: Slot[],\n\tshowPrices: boolean\n}",
    value: (r) => `{ columns: ${r.int(2, 6)}, slots: [{ position: 1, source: '${r.pick(["trending", "similar", "recent"])}' }], showPrices: ${r.chance(0.5)} }`,
  },
  {
    schema: "{\n\tstart: string,\n\tend: string,\n\ttimezone: string\n}",
    value: (r) => `{ start: '${r.int(18, 23)}:00', end: '0${r.int(5, 9)}:00', timezone: '${r.pick(["UTC", "Europe/Berlin", "America/New_York"])}' }`,
  },
];

const TYPES = [["BOOLEAN", 25], ["ENUM", 20], ["STRING", 15], ["INTEGER", 12], ["OBJECT", 12], ["TAG", 8], ["AB-TEST", 8]];

function description(r) {
  if (r.chance(0.06)) {
    const parts = [];
    const n = r.int(3, 9);
    for (let i = 0; i < n; ++i) parts.push(r.pick(SENTENCES));
    return parts.join(" ");
  }
  return r.pick(SHORT) + (r.chance(0.3) ? ` (${r.pick(WORDS)})` : "");
}

/// A new flag of `type`, valid, with a value.
function makeFlag(r, type) {
  const f = { description: description(r), type };
  switch (type) {
    case "BOOLEAN":
      Object.assign(f, { defaultValue: r.chance(0.5), isKillSwitch: r.chance(0.1), valueExists: r.chance(0.6) });
      f.value = f.valueExists ? r.chance(0.5) : false;
      break;
    case "INTEGER": {
      const min = r.pick([0, 0, 1, -100]);
      const max = min + r.pick([10, 100, 1000, 86400]);
      Object.assign(f, { defaultValue: r.int(min, max), minValue: min, maxValue: max, valueExists: r.chance(0.6) });
      f.value = f.valueExists ? r.int(min, max) : 0;
      break;
    }
    case "STRING": {
      const k = r.pick(STRING_KINDS);
      Object.assign(f, { defaultValue: r.pick(k.values), maxLength: k.maxLength, regExp: k.regExp, valueExists: r.chance(0.6) });
      f.value = f.valueExists ? r.pick(k.values) : "";
      break;
    }
    case "OBJECT": {
      const k = r.pick(OBJECT_KINDS);
      Object.assign(f, { schema: k.schema, defaultValue: k.value(r), valueExists: r.chance(0.6) });
      f.value = f.valueExists ? k.value(r) : "";
      break;
    }
    case "ENUM": {
      const values = r.pick(STAGES);
      Object.assign(f, { defaultValue: values[0], enumValues: values, allowEmpty: r.chance(0.1), valueExists: r.chance(0.6) });
      f.value = f.valueExists ? r.pick(values) : "";
      break;
    }
    case "TAG": {
      const values = r.pick(TAGS);
      const maxCount = r.pick([0, 2, 3]);
      const count = () => r.int(1, maxCount || values.length);
      Object.assign(f, { defaultValue: r.sample(values, 1), tagValues: values, minCount: r.pick([0, 1]), maxCount, valueExists: r.chance(0.6) });
      f.value = f.valueExists ? r.sample(values, count()) : [];
      break;
    }
    case "AB-TEST":
      f.chanceBPercent = r.pick([0, 10, 20, 30, 50, 50, 50, 100]);
      break;
    default:
      throw new Error(type);
  }
  return f;
}

/// The same flag with a different schema (still valid; default within it).
function changeSchema(r, f) {
  const g = structuredClone(f);
  switch (f.type) {
    case "BOOLEAN": g.isKillSwitch = !f.isKillSwitch; break;
    case "INTEGER": g.maxValue = f.maxValue + r.pick([1, 10, 100]); break;
    case "STRING": g.maxLength = f.maxLength === 0 ? 200 : f.maxLength + 8; break;
    case "OBJECT": g.schema = f.schema.replace(/\n}$/, ",\n\tnote?: string\n}"); break;
    case "ENUM": g.enumValues = f.enumValues.concat(["legacy"]); break;
    case "TAG": g.tagValues = f.tagValues.concat(["extra"]); break;
    case "AB-TEST": g.chanceBPercent = f.chanceBPercent === 50 ? 25 : 50; break;
  }
  return g;
}

/// A valid value for flag `f` (its schema), different from `avoid` when it can be.
function validValue(r, f, avoid) {
  const differs = (v) => JSON.stringify(v) !== JSON.stringify(avoid);
  for (let attempt = 0; attempt < 8; ++attempt) {
    let v;
    switch (f.type) {
      case "BOOLEAN": v = r.chance(0.5); break;
      case "INTEGER": v = r.int(f.minValue, f.maxValue); break;
      case "STRING": v = r.pick(STRING_KINDS.find((k) => k.values.includes(f.defaultValue)).values); break;
      case "OBJECT": v = OBJECT_KINDS.find((k) => f.schema.startsWith(k.schema.slice(0, -2))).value(r); break;
      case "ENUM": v = r.pick(f.enumValues); break;
      case "TAG": v = r.sample(f.tagValues, r.int(Math.max(1, f.minCount), f.maxCount || f.tagValues.length)); break;
    }
    if (differs(v)) return v;
  }
  return avoid;
}

/// The same flag with a different value or valueExists.
function changeValue(r, f) {
  if (f.type === "AB-TEST") return changeSchema(r, f);
  const g = structuredClone(f);
  if (f.valueExists && r.chance(0.2)) g.valueExists = false;
  else {
    g.valueExists = true;
    g.value = validValue(r, f, f.valueExists ? f.value : undefined);
  }
  return g;
}

export function generatePair(flags, seed = 1) {
  const r = rng(seed * 1000003 + flags);
  const used = new Set();
  const key = () => {
    for (;;) {
      const depth = r.weighted([[1, 5], [2, 35], [3, 45], [4, 15]]);
      const segs = [];
      if (depth >= 2) segs.push(r.pick(DOMAINS));
      if (depth >= 3) segs.push(r.pick(AREAS));
      if (depth >= 4) segs.push(r.pick(WORDS.filter((w) => /^[a-z]/.test(w))));
      segs.push(`${r.pick(WORDS.filter((w) => /^[a-z]/.test(w)))}_${used.size.toString(36)}`);
      const k = segs.join("/");
      if (!used.has(k)) { used.add(k); return k; }
    }
  };
  const source = {};
  const target = {};
  const targetOnly = [];
  let absent = 0;
  for (let i = 0; i < flags; ++i) {
    const k = key();
    const f = makeFlag(r, r.weighted(TYPES));
    source[k] = f;
    const kind = r.weighted([["equal", 70], ["value", 9], ["schema", 7], ["absent", 5], ["type", 2], ["description", 7]]);
    if (kind === "absent") { ++absent; continue; }
    let g;
    if (kind === "equal") g = f;
    else if (kind === "value") g = changeValue(r, f);
    else if (kind === "schema") g = r.chance(0.5) ? changeValue(r, changeSchema(r, f)) : changeSchema(r, f);
    else if (kind === "description") g = { ...f, description: description(r) };
    else {
      let t;
      do t = r.weighted(TYPES); while (t === f.type);
      g = makeFlag(r, t);
    }
    // Target-only flags (deleted by the plan) interleaved where earlier ones went missing.
    while (targetOnly.length < absent && r.chance(0.5)) {
      const k2 = key();
      target[k2] = makeFlag(r, r.weighted(TYPES));
      targetOnly.push(k2);
    }
    target[k] = g;
  }
  while (targetOnly.length < absent) {
    const k2 = key();
    target[k2] = makeFlag(r, r.weighted(TYPES));
    targetOnly.push(k2);
  }
  const file = (environment, flagsObject) =>
    JSON.stringify({ environment, version: "1.7.1", createdAt: "2026-11-21T10:33:08.799Z", flags: flagsObject }, null, 2);
  return { source: file("staging", source), target: file("production", target) };
}

/// The page benchmark's pair (bench/browser.mjs): `pair` (generatePair's
/// texts) with one flag in 300 that is equal on both sides renamed in the
/// target (`KEY` -> `KEY_legacy`, a rename suggestion when it is one to
/// one), so the page has renames to accept; deterministic like the rest.
export function decorate(pair, seed = 1) {
  const r = rng(seed * 7919 + 17);
  const source = JSON.parse(pair.source);
  const target = JSON.parse(pair.target);
  const flags = {};
  for (const [k, f] of Object.entries(target.flags)) {
    const same = source.flags[k] && JSON.stringify(source.flags[k]) === JSON.stringify(f);
    flags[same && r.chance(1 / 300) ? `${k}_legacy` : k] = f;
  }
  target.flags = flags;
  return { source: pair.source, target: JSON.stringify(target, null, 2) };
}

function main(argv) {
  const args = { flags: 1000, seed: 1, out: "." };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === "--flags") args.flags = Number(argv[++i]);
    else if (a === "--seed") args.seed = Number(argv[++i]);
    else if (a === "--out") args.out = argv[++i];
    else {
      process.stderr.write("usage: node bench/generate.mjs --flags N [--seed S] --out DIR\n");
      process.exit(2);
    }
  }
  if (!Number.isInteger(args.flags) || args.flags < 1 || !Number.isInteger(args.seed)) {
    process.stderr.write("generate: --flags must be a positive integer and --seed an integer\n");
    process.exit(2);
  }
  mkdirSync(args.out, { recursive: true });
  const { source, target } = generatePair(args.flags, args.seed);
  const s = join(args.out, `staging-${args.flags}.json`);
  const t = join(args.out, `production-${args.flags}.json`);
  writeFileSync(s, source);
  writeFileSync(t, target);
  process.stdout.write(`${s} ${Buffer.byteLength(source)} bytes\n${t} ${Buffer.byteLength(target)} bytes\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
