// DuckDB (@duckdb/node-api) reads the Parquet tables. It cannot read the
// Arrow IPC files: that needs the `arrow` community extension, which is
// downloaded at run time (INSTALL arrow FROM community) and so is not
// available offline; arrow.test.js and polars.test.js cover those files.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import {
  checkCreatedAt, checkRows, documentedColumns, expectedMetadata, file, isDict, manifest, num, tables,
} from '../lib/dataset.js';

// DuckDB's names for the Arrow types of docs/schema.md.
const duckType = (t) => {
  if (isDict(t) || t === 'utf8') return 'VARCHAR';
  if (t.startsWith('list<item: utf8')) return 'VARCHAR[]';
  return { int64: 'BIGINT', float64: 'DOUBLE', bool: 'BOOLEAN', 'timestamp[us, tz=UTC]': 'TIMESTAMP WITH TIME ZONE' }[t] ?? `unmapped ${t}`;
};

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

describe('duckdb: parquet', () => {
  const m = manifest();
  const docCols = documentedColumns(m);
  const pq = (t) => sqlString(file(t, 'parquet'));
  let conn;
  let instance;
  const all = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS();

  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
  });
  after(() => {
    conn?.closeSync();
    instance?.closeSync();
  });

  for (const t of tables(m)) {
    test(`${t}.parquet: columns, types and nullability match docs/schema.md`, async () => {
      const got = await all(`DESCRIBE SELECT * FROM ${pq(t)}`);
      assert.deepEqual(got.map((r) => r.column_name), docCols[t].map((c) => c.name));
      assert.deepEqual(got.map((r) => r.column_type), docCols[t].map((c) => duckType(c.type)));
      // DuckDB's DESCRIBE calls every Parquet column nullable; the Parquet
      // repetition says which may hold nulls.
      const rep = await all(`SELECT name, repetition_type FROM parquet_schema(${pq(t)}) WHERE num_children IS NULL OR num_children = 0`);
      const top = new Map(rep.map((r) => [r.name, r.repetition_type]));
      for (const c of docCols[t]) {
        if (c.type.startsWith('list<')) continue; // the repetition is on the list group
        assert.equal(top.get(c.name), c.nullable ? 'OPTIONAL' : 'REQUIRED', `${t}.${c.name} repetition`);
      }
    });

    test(`${t}.parquet: rows match the manifest`, async () => {
      const [{ n }] = await all(`SELECT count(*) AS n FROM ${pq(t)}`);
      assert.equal(num(n), m.counts[t]);
      const out = m.outputs.find((o) => o.file === `${t}.parquet`);
      assert.equal(out.rows, m.counts[t]);
    });

    test(`${t}.parquet: key-value metadata and the stored Arrow schema`, async () => {
      const kv = await all(`SELECT decode(key) AS k, value FROM parquet_kv_metadata(${pq(t)})`);
      const meta = new Map(kv.map((r) => [r.k, r.value]));
      const text = (k) => {
        const v = meta.get(k);
        return Buffer.from(v instanceof Uint8Array ? v : v.bytes).toString('utf8');
      };
      for (const [k, v] of Object.entries(expectedMetadata(m))) assert.equal(text(k), v, k);
      checkCreatedAt(m, text('stancepipe.created_at'), `${t}.parquet`);
      // ARROW:schema is a base64 IPC schema message; an IPC stream of just
      // that message is a table with no rows and the writer's schema.
      assert.ok(meta.has('ARROW:schema'), 'no ARROW:schema in the Parquet metadata');
      const msg = Buffer.from(text('ARROW:schema'), 'base64');
      const sch = tableFromIPC(Buffer.concat([msg, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])])).schema;
      assert.deepEqual(sch.fields.map((f) => f.name), docCols[t].map((c) => c.name));
      for (const [i, c] of docCols[t].entries()) {
        const f = sch.fields[i];
        if (isDict(c.type)) assert.equal(String(f.type), 'Dictionary<Int32, Utf8>', `${t}.${c.name}: stored Arrow type`);
        assert.equal(f.nullable, c.nullable, `${t}.${c.name}: stored nullability`);
      }
      assert.equal(sch.metadata.get('stancepipe.schema_version'), m.schema_version);
    });

    test(`${t}.parquet: codec, dictionary encoding and statistics`, async () => {
      const md = await all(`SELECT row_group_id AS rg, path_in_schema AS col, compression, encodings, stats_min_value, stats_null_count FROM parquet_metadata(${pq(t)})`);
      assert.ok(md.length > 0);
      const codec = m.config.output.compression === 'none' ? 'UNCOMPRESSED' : m.config.output.compression.toUpperCase();
      for (const r of md) {
        assert.equal(r.compression, codec, `${t}.${r.col}`);
        assert.notEqual(r.stats_null_count, null, `${t}.${r.col}: no null count statistic`);
      }
      for (const c of docCols[t].filter((x) => isDict(x.type))) {
        const chunks = md.filter((r) => r.col === c.name);
        assert.ok(chunks.length > 0, c.name);
        for (const r of chunks) {
          // pqarrow drops the dictionary of a whole column chunk when an
          // Arrow dictionary column's dictionary changes between the record
          // batches of one row group.
          assert.match(r.encodings, /RLE_DICTIONARY|PLAIN_DICTIONARY/, `${t}.${c.name} row group ${r.rg}: encodings ${r.encodings}, not dictionary-encoded`);
        }
      }
    });
  }

  test('published_at is a UTC timestamp', async () => {
    const rows = await all(`SELECT typeof(published_at) AS ty, strftime(published_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') AS utc, epoch_ms(published_at) AS ms FROM ${pq('articles')} WHERE published_at IS NOT NULL`);
    assert.ok(rows.length > 0, 'no article has a date');
    for (const r of rows) {
      assert.equal(r.ty, 'TIMESTAMP WITH TIME ZONE');
      assert.equal(`${r.utc}.000Z`, new Date(num(r.ms)).toISOString());
    }
  });

  test('every sentence joins its article; per-article counts agree', async () => {
    const [r] = await all(`
      SELECT count(*) AS n, count(a.article_id) AS joined
      FROM ${pq('sentences')} s LEFT JOIN ${pq('articles')} a USING (article_id)`);
    assert.equal(num(r.n), m.counts.sentences);
    assert.equal(num(r.joined), m.counts.sentences);
    const bad = await all(`
      SELECT a.article_id, a.sentence_count, count(s.article_id) AS n, max(s.sentence_index) AS last
      FROM ${pq('articles')} a LEFT JOIN ${pq('sentences')} s USING (article_id)
      GROUP BY ALL HAVING n <> a.sentence_count OR coalesce(last, -1) <> a.sentence_count - 1`);
    assert.deepEqual(bad, []);
  });

  if (m.config.stance.enabled) {
    test('stance_label filter agrees with the threshold and the group counts', async () => {
      const { labels, threshold } = m.stance.axis;
      for (const t of ['sentences', 'articles']) {
        const odd = await all(`SELECT DISTINCT stance_label FROM ${pq(t)} WHERE stance_label NOT IN (${labels.map(sqlString).join(', ')})`);
        assert.deepEqual(odd, [], `${t}: labels outside ${labels}`);
      }
      const groups = new Map((await all(`SELECT stance_label AS l, count(*) AS n FROM ${pq('sentences')} GROUP BY 1`)).map((r) => [r.l, num(r.n)]));
      const [pos] = await all(`SELECT count(*) AS n FROM ${pq('sentences')} WHERE stance_label = ${sqlString(labels[0])}`);
      const [neg] = await all(`SELECT count(*) AS n FROM ${pq('sentences')} WHERE stance_label = ${sqlString(labels[2])}`);
      const [byScore] = await all(`SELECT count(*) FILTER (stance >= ${threshold}) AS pos, count(*) FILTER (stance <= -${threshold}) AS neg FROM ${pq('sentences')}`);
      assert.equal(num(pos.n), groups.get(labels[0]) ?? 0);
      assert.equal(num(pos.n), num(byScore.pos));
      assert.equal(num(neg.n), groups.get(labels[2]) ?? 0);
      assert.equal(num(neg.n), num(byScore.neg));
      // The filter joined to the articles keeps every row.
      const [j] = await all(`
        SELECT count(*) AS n, count(a.title) + count(*) FILTER (a.title IS NULL AND a.article_id IS NOT NULL) AS joined
        FROM ${pq('sentences')} s LEFT JOIN ${pq('articles')} a USING (article_id)
        WHERE s.stance_label = ${sqlString(labels[0])}`);
      assert.equal(num(j.joined), num(j.n));
    });

    test('mentions join sentences; mentions_<camp> counts them', async () => {
      const [r] = await all(`
        SELECT count(*) AS n, count(s.text) AS joined
        FROM ${pq('mentions')} x LEFT JOIN ${pq('sentences')} s USING (article_id, sentence_index)`);
      assert.equal(num(r.joined), num(r.n));
      for (const c of m.stance.camps) {
        const bad = await all(`
          SELECT a.article_id FROM ${pq('articles')} a
          LEFT JOIN (SELECT article_id, count(*) AS n FROM ${pq('mentions')} WHERE camp = ${sqlString(c)} GROUP BY 1) x USING (article_id)
          WHERE a.mentions_${c} <> coalesce(x.n, 0)`);
        assert.deepEqual(bad, [], `mentions_${c}`);
      }
    });
  }

  test('rows satisfy the shared invariants (text at offsets, labels, joins)', async () => {
    const read = async (t) => all(`SELECT * FROM ${pq(t)}`);
    const data = { articles: await read('articles'), sentences: await read('sentences'), mentions: [] };
    if (m.config.stance.enabled) data.mentions = await read('mentions');
    checkRows(m, data);
  });
});
