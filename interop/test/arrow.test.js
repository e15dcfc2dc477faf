// Apache Arrow JS reads the Arrow IPC files (Feather v2). It has no Parquet
// reader; duckdb.test.js decodes the Arrow schema stored in the Parquet
// files with it instead.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { RecordBatchFileReader, tableFromIPC } from 'apache-arrow';
import {
  checkCreatedAt, checkRows, documentedColumns, expectedMetadata, file, isDict, manifest, tables,
} from '../lib/dataset.js';

// Arrow JS names for the arrow-go type strings of docs/schema.md, as the IPC
// files store them (dictionaries become plain strings there).
const arrowJsType = (t) => {
  if (isDict(t) || t === 'utf8') return 'Utf8';
  if (t.startsWith('list<item: utf8')) return 'List<Utf8>';
  return { int64: 'Int64', float64: 'Float64', bool: 'Bool', 'timestamp[us, tz=UTC]': 'Timestamp<MICROSECOND, UTC>' }[t] ?? `unmapped ${t}`;
};

// Plain objects from a table's rows; list cells become arrays.
const records = (table) => table.toArray().map((row) => {
  const o = row.toJSON();
  for (const [k, v] of Object.entries(o)) if (v && typeof v.toArray === 'function') o[k] = [...v];
  return o;
});

describe('apache-arrow: Arrow IPC files', () => {
  const m = manifest();
  const docCols = documentedColumns(m);
  const bytes = {};
  const tbl = {};
  for (const t of tables(m)) {
    bytes[t] = readFileSync(file(t, 'arrow'));
    tbl[t] = tableFromIPC(bytes[t]);
  }

  for (const t of tables(m)) {
    test(`${t}.arrow is an Arrow IPC file (Feather v2)`, () => {
      const magic = Buffer.from('ARROW1');
      assert.ok(bytes[t].subarray(0, 6).equals(magic), 'leading magic');
      assert.ok(bytes[t].subarray(-6).equals(magic), 'trailing magic');
      const r = RecordBatchFileReader.from(bytes[t]).open();
      assert.ok(r.isFile(), 'not read as the IPC file format');
      assert.ok(r.numRecordBatches >= 1 || m.counts[t] === 0);
    });

    test(`${t}.arrow: columns, types and nullability match docs/schema.md`, () => {
      const { fields } = tbl[t].schema;
      assert.deepEqual(fields.map((f) => f.name), docCols[t].map((c) => c.name));
      assert.deepEqual(fields.map((f) => String(f.type)), docCols[t].map((c) => arrowJsType(c.type)));
      assert.deepEqual(fields.map((f) => f.nullable), docCols[t].map((c) => c.nullable));
    });

    test(`${t}.arrow: schema metadata`, () => {
      const md = tbl[t].schema.metadata;
      for (const [k, v] of Object.entries(expectedMetadata(m))) assert.equal(md.get(k), v, k);
      checkCreatedAt(m, md.get('stancepipe.created_at'), `${t}.arrow`);
    });

    test(`${t}.arrow: rows match the manifest; non-null columns have no nulls`, () => {
      assert.equal(tbl[t].numRows, m.counts[t]);
      assert.equal(m.outputs.find((o) => o.file === `${t}.arrow`).rows, m.counts[t]);
      for (const c of docCols[t].filter((x) => !x.nullable)) {
        assert.equal(tbl[t].getChild(c.name).nullCount, 0, `${t}.${c.name}`);
      }
    });
  }

  test('rows satisfy the shared invariants (text at offsets, labels, joins)', () => {
    const recs = (t) => (tbl[t] ? records(tbl[t]) : []);
    checkRows(m, { articles: recs('articles'), sentences: recs('sentences'), mentions: recs('mentions') });
  });

  if (m.config.stance.enabled) {
    test('sentences join articles; the stance_label filter matches a count by score', () => {
      const { labels, threshold } = m.stance.axis;
      const titles = new Map(records(tbl.articles).map((a) => [a.article_id, a.title]));
      const sents = records(tbl.sentences);
      assert.ok(sents.every((s) => titles.has(s.article_id)), 'a sentence without its article');
      const label = tbl.sentences.getChild('stance_label');
      const score = tbl.sentences.getChild('stance');
      let filtered = 0;
      let byScore = 0;
      for (let i = 0; i < tbl.sentences.numRows; i++) {
        if (label.get(i) === labels[0]) filtered++;
        if (score.get(i) >= threshold) byScore++;
      }
      assert.equal(filtered, byScore);
      assert.equal(filtered, sents.filter((s) => s.stance_label === labels[0]).length);
      // actors and camps are lists of strings, sorted and unique.
      for (const s of sents) {
        for (const k of ['actors', 'camps']) {
          assert.ok(Array.isArray(s[k]), k);
          assert.deepEqual(s[k], [...new Set(s[k])].sort(), `${s.article_id}/${s.sentence_index} ${k}`);
        }
        for (const c of s.camps) assert.ok(m.stance.camps.includes(c), `camp ${c}`);
      }
    });
  }
});
