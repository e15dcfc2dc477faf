// Shared by the engine tests: where the dataset is, what its manifest says,
// what docs/schema.md says its columns are, and the invariants every
// engine's rows must satisfy.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (interop/..). */
export const repoRoot = path.resolve(here, '..', '..');

/** The tables of a run, in the order the writer creates them. */
export const TABLES = ['articles', 'sentences', 'mentions'];

/**
 * The output directory of a stancepipe run, from STANCEPIPE_OUT. Relative
 * inputs in its manifest are resolved against STANCEPIPE_RUN_DIR (the
 * directory the run started in; default the repository root).
 */
export function outDir() {
  const dir = process.env.STANCEPIPE_OUT;
  if (!dir) {
    throw new Error('STANCEPIPE_OUT is not set: run stancepipe with --set output.format=both and point STANCEPIPE_OUT at its output directory');
  }
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`${dir}: no manifest.json (not a complete stancepipe output directory)`);
  }
  return path.resolve(dir);
}

/** The parsed manifest.json of the run. */
export function manifest() {
  return JSON.parse(readFileSync(path.join(outDir(), 'manifest.json'), 'utf8'));
}

/** The path of a table file: file('sentences', 'parquet'). */
export function file(table, ext) {
  return path.join(outDir(), `${table}.${ext}`);
}

/** Tables the run wrote (mentions only with stance on). */
export function tables(m) {
  return TABLES.filter((t) => t !== 'mentions' || m.config.stance.enabled);
}

/**
 * Parses the `<!-- schema-table: NAME -->` column tables of docs/schema.md
 * (the format pipeline/schema_doc_test.go enforces) and returns, per table,
 * the columns the run should have: rows whose `when` holds for the run's
 * config, `<camp>` rows expanded over the manifest's camps.
 * Each column is { name, type (arrow-go type string), nullable }.
 */
export function documentedColumns(m) {
  const lines = readFileSync(path.join(repoRoot, 'docs', 'schema.md'), 'utf8').split('\n');
  const marker = /^<!-- schema-table: (\S+)(?: when=(\S+))? -->$/;
  const holds = (when) => {
    switch (when) {
      case 'always': return true;
      case 'sentiment.enabled': return m.config.sentiment.enabled;
      case 'stance.enabled': return m.config.stance.enabled;
      default: throw new Error(`docs/schema.md: unknown when ${when}`);
    }
  };
  const camps = m.stance ? m.stance.camps : [];
  const out = {};
  for (let i = 0; i < lines.length; i++) {
    const mk = marker.exec(lines[i]);
    if (!mk || !TABLES.includes(mk[1])) continue;
    const cols = [];
    for (i += 3; i < lines.length && lines[i].startsWith('|'); i++) {
      const cells = lines[i].slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
      const name = cells[0].replace(/^`|`$/g, '');
      const type = cells[1].replace(/^`|`$/g, '');
      if (!holds(cells[2])) continue;
      const nullable = cells[3] !== 'never';
      const names = name.includes('<camp>') ? camps.map((c) => name.replaceAll('<camp>', c)) : [name];
      for (const n of names) cols.push({ name: n, type, nullable });
    }
    if (holds(mk[2] ?? 'always')) out[mk[1]] = cols;
  }
  for (const t of tables(m)) {
    assert.ok(out[t]?.length, `docs/schema.md has no column table for ${t}`);
  }
  return out;
}

/** Whether an arrow-go type string is a dictionary of strings. */
export const isDict = (type) => type.startsWith('dictionary<values=utf8,');

/**
 * The article texts of the run's inputs, keyed by `${input}\u0000${record}`
 * as the articles table's input and input_record columns name them. Reads
 * JSON Lines inputs (optionally gzipped) with the default field names.
 */
export function inputTexts(m) {
  const runDir = process.env.STANCEPIPE_RUN_DIR || repoRoot;
  const texts = new Map();
  for (const inp of m.inputs) {
    assert.equal(inp.kind, 'file', `input ${inp.path}: the interop test reads file inputs only`);
    assert.match(inp.path, /\.jsonl(\.gz)?$/, `input ${inp.path}: the interop test reads JSON Lines inputs only`);
    let raw = readFileSync(path.resolve(runDir, inp.path));
    if (inp.path.endsWith('.gz')) raw = gunzipSync(raw);
    const lines = raw.toString('utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const rec = JSON.parse(line);
      texts.set(`${inp.path}\u0000${i + 1}`, rec);
    });
  }
  return texts;
}

/**
 * Milliseconds since the epoch of a timestamp as an engine returns it: a
 * Date (DuckDB, Polars), a number of milliseconds (Arrow JS) or a DuckDB
 * timestamp value with micros.
 */
export function tsMillis(v) {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') throw new Error(`ambiguous BigInt timestamp ${v}`);
  if (typeof v.micros === 'bigint') return Number(v.micros / 1000n);
  throw new Error(`unknown timestamp value ${v}`);
}

/** An input date as stancepipe reads it: a plain date or a zoneless time is UTC. */
export function inputDateMillis(s) {
  s = s.trim();
  if (/^\d{4}-\d\d-\d\d$/.test(s)) return Date.parse(`${s}T00:00:00Z`);
  if (!/(Z|[+-]\d\d:\d\d)$/i.test(s)) return Date.parse(`${s.replace(' ', 'T')}Z`);
  return Date.parse(s);
}

/** Converts a BigInt (DuckDB, Arrow JS Int64) or number to a number. */
export const num = (v) => (typeof v === 'bigint' ? Number(v) : v);

/**
 * Checks rows read by any engine (plain objects; strings for dictionary
 * columns; numbers or BigInts for int64) against the manifest and the
 * input texts:
 *   - every sentence joins an article, sentence_index runs 0..n-1 and n
 *     equals the article's sentence_count;
 *   - text equals the article text sliced at the char offsets (by code
 *     point) and at the byte offsets (by UTF-8 byte);
 *   - char_count and byte_count match the text; the title matches the input;
 *   - stance labels are from the manifest's axis labels and follow the
 *     threshold;
 *   - every mention joins a sentence and its surface is the text at its
 *     offsets, and mentions_<camp> counts them.
 * Returns a summary for cross-engine comparison.
 */
export function checkRows(m, { articles, sentences, mentions }) {
  const texts = inputTexts(m);
  assert.equal(articles.length, m.counts.articles, 'articles rows vs manifest counts.articles');
  assert.equal(sentences.length, m.counts.sentences, 'sentences rows vs manifest counts.sentences');
  const byId = new Map();
  let textBytes = 0;
  for (const a of articles) {
    assert.ok(!byId.has(a.article_id), `duplicate article_id ${a.article_id}`);
    const rec = texts.get(`${a.input}\u0000${num(a.input_record)}`);
    assert.ok(rec, `article ${a.article_id}: no record ${a.input_record} in ${a.input}`);
    if (rec.id !== undefined && String(rec.id).trim() !== '') assert.equal(a.article_id, String(rec.id));
    const text = rec.text;
    const cps = Array.from(text);
    const bytes = Buffer.from(text, 'utf8');
    assert.equal(num(a.char_count), cps.length, `article ${a.article_id}: char_count`);
    assert.equal(num(a.byte_count), bytes.length, `article ${a.article_id}: byte_count`);
    for (const f of ['title', 'source', 'url']) {
      assert.equal(a[f] ?? null, rec[f] ? rec[f] : null, `article ${a.article_id}: ${f}`);
    }
    if (rec.date) {
      assert.equal(tsMillis(a.published_at), inputDateMillis(rec.date), `article ${a.article_id}: published_at vs date ${rec.date}`);
    }
    textBytes += bytes.length;
    byId.set(a.article_id, { a, cps, bytes, n: 0, mentions: {} });
  }
  assert.equal(textBytes, m.counts.text_bytes, 'sum of byte_count vs manifest counts.text_bytes');

  const stance = m.config.stance.enabled;
  const labels = stance ? m.stance.axis.labels : [];
  const threshold = stance ? m.stance.axis.threshold : 0;
  const sentKeys = new Set();
  const labelCounts = Object.fromEntries(labels.map((l) => [l, 0]));
  for (const s of sentences) {
    const art = byId.get(s.article_id);
    assert.ok(art, `sentence of unknown article ${s.article_id}`);
    const idx = num(s.sentence_index);
    assert.equal(idx, art.n, `article ${s.article_id}: sentence_index out of order`);
    art.n++;
    const [cs, ce, bs, be] = [s.char_start, s.char_end, s.byte_start, s.byte_end].map(num);
    assert.ok(cs >= 0 && cs < ce && ce <= art.cps.length, `sentence ${s.article_id}/${idx}: char offsets ${cs}..${ce}`);
    assert.equal(s.text, art.cps.slice(cs, ce).join(''), `sentence ${s.article_id}/${idx}: text vs article at char offsets`);
    assert.equal(s.text, art.bytes.subarray(bs, be).toString('utf8'), `sentence ${s.article_id}/${idx}: text vs article at byte offsets`);
    sentKeys.add(`${s.article_id}\u0000${idx}`);
    if (stance) {
      assert.ok(labels.includes(s.stance_label), `sentence ${s.article_id}/${idx}: stance_label ${s.stance_label} not in ${labels}`);
      const want = s.stance >= threshold ? labels[0] : s.stance <= -threshold ? labels[2] : labels[1];
      assert.equal(s.stance_label, want, `sentence ${s.article_id}/${idx}: stance_label vs stance ${s.stance}`);
      labelCounts[s.stance_label]++;
      assert.ok(s.stance >= -1 && s.stance <= 1, `sentence ${s.article_id}/${idx}: stance ${s.stance}`);
    }
  }
  for (const [id, art] of byId) {
    assert.equal(art.n, num(art.a.sentence_count), `article ${id}: sentence rows vs sentence_count`);
    if (stance) assert.ok(labels.includes(art.a.stance_label), `article ${id}: stance_label ${art.a.stance_label}`);
  }

  if (stance) {
    assert.equal(mentions.length, m.counts.mentions, 'mentions rows vs manifest counts.mentions');
    const camps = new Set([...m.stance.camps, 'other']);
    for (const x of mentions) {
      const art = byId.get(x.article_id);
      assert.ok(art, `mention of unknown article ${x.article_id}`);
      const idx = num(x.sentence_index);
      assert.ok(sentKeys.has(`${x.article_id}\u0000${idx}`), `mention ${x.article_id}/${idx}: no such sentence`);
      assert.ok(camps.has(x.camp), `mention camp ${x.camp}`);
      const [cs, ce, bs, be] = [x.char_start, x.char_end, x.byte_start, x.byte_end].map(num);
      assert.equal(x.surface, art.cps.slice(cs, ce).join(''), `mention ${x.article_id} ${x.actor}: surface vs char offsets`);
      assert.equal(x.surface, art.bytes.subarray(bs, be).toString('utf8'), `mention ${x.article_id} ${x.actor}: surface vs byte offsets`);
      art.mentions[x.camp] = (art.mentions[x.camp] ?? 0) + 1;
    }
    for (const [id, art] of byId) {
      for (const c of m.stance.camps) {
        assert.equal(num(art.a[`mentions_${c}`]), art.mentions[c] ?? 0, `article ${id}: mentions_${c} vs mentions rows`);
      }
    }
  }
  return { labelCounts };
}

/** The metadata every table file must carry, as the manifest records it. */
export function expectedMetadata(m) {
  return {
    'stancepipe.version': m.version,
    'stancepipe.schema_version': m.schema_version,
    'stancepipe.config_sha256': m.config_sha256,
  };
}

/** Checks stancepipe.created_at: RFC 3339 UTC, within the run (to the second). */
export function checkCreatedAt(m, value, what) {
  assert.match(value, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, `${what}: stancepipe.created_at ${value}`);
  const t = Date.parse(value);
  assert.ok(t >= Math.floor(Date.parse(m.started_at) / 1000) * 1000 && t <= Date.parse(m.finished_at),
    `${what}: stancepipe.created_at ${value} outside the run ${m.started_at}..${m.finished_at}`);
}
