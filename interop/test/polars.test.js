// nodejs-polars reads the Parquet tables (readParquet) and the Arrow IPC
// files (readIPC). Note: readIPC takes a string as a path only when it ends
// in ".ipc" and otherwise parses the string itself as IPC bytes, so the
// .arrow files are passed as Buffers (scanIPC takes any path).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import pl from 'nodejs-polars';
import {
  checkRows, documentedColumns, file, isDict, manifest, tables,
} from '../lib/dataset.js';

// Polars' names for the Arrow types of docs/schema.md; dictionaries are
// Categorical from Parquet (the stored Arrow schema says dictionary) and
// String from the Arrow files.
const polarsType = (t, ext) => {
  if (isDict(t)) return ext === 'parquet' ? 'Categorical' : 'String';
  if (t.startsWith('list<item: utf8')) return 'List(String)';
  return { utf8: 'String', int64: 'Int64', float64: 'Float64', bool: 'Bool', 'timestamp[us, tz=UTC]': 'Datetime(us,UTC)' }[t] ?? `unmapped ${t}`;
};

// DataType(List(DataType(String))) -> List(String): each "DataType(" wraps
// the rest of the string, so drop it and one closing parenthesis.
const typeName = (dt) => {
  const s = String(dt);
  const k = s.split('DataType(').length - 1;
  return s.replaceAll('DataType(', '').slice(0, s.length - 'DataType('.length * k - k);
};

const read = {
  parquet: (t) => pl.readParquet(file(t, 'parquet')),
  arrow: (t) => pl.readIPC(readFileSync(file(t, 'arrow'))),
};

// Casts Categorical columns to String so frames from the two formats compare.
const plain = (df) => df.select(...df.columns.map((c) => (df.schema[c].variant === 'Categorical' ? pl.col(c).cast(pl.Utf8) : pl.col(c))));

describe('polars', () => {
  const m = manifest();
  const docCols = documentedColumns(m);
  const frames = { parquet: {}, arrow: {} };
  for (const ext of ['parquet', 'arrow']) {
    for (const t of tables(m)) frames[ext][t] = read[ext](t);
  }

  for (const ext of ['parquet', 'arrow']) {
    for (const t of tables(m)) {
      test(`${t}.${ext}: columns and types match docs/schema.md`, () => {
        const df = frames[ext][t];
        assert.deepEqual(df.columns, docCols[t].map((c) => c.name));
        assert.deepEqual(df.columns.map((c) => typeName(df.schema[c])), docCols[t].map((c) => polarsType(c.type, ext)));
      });

      test(`${t}.${ext}: rows match the manifest`, () => {
        assert.equal(frames[ext][t].height, m.counts[t]);
        assert.equal(m.outputs.find((o) => o.file === `${t}.${ext}`).rows, m.counts[t]);
      });

      test(`${t}.${ext}: columns documented as never null have no nulls`, () => {
        const df = frames[ext][t];
        for (const c of docCols[t].filter((x) => !x.nullable)) {
          assert.equal(df.getColumn(c.name).nullCount(), 0, `${t}.${c.name}`);
        }
      });
    }

    test(`${ext}: rows satisfy the shared invariants (text at offsets, labels, joins)`, () => {
      const recs = (t) => (frames[ext][t] ? frames[ext][t].toRecords() : []);
      checkRows(m, { articles: recs('articles'), sentences: recs('sentences'), mentions: recs('mentions') });
    });
  }

  test('scanIPC reads the Arrow files by path', () => {
    for (const t of tables(m)) {
      assert.equal(pl.scanIPC(file(t, 'arrow')).collectSync().height, m.counts[t]);
    }
  });

  for (const t of tables(m)) {
    test(`${t}: the Parquet and Arrow files hold the same rows`, () => {
      const a = plain(frames.parquet[t]);
      const b = frames.arrow[t];
      assert.ok(a.frameEqual(b, true), `${t}.parquet and ${t}.arrow differ`);
    });
  }

  test('sentences join articles on article_id (Categorical keys)', () => {
    const s = frames.parquet.sentences;
    const a = frames.parquet.articles;
    const j = s.join(a.select('article_id', 'title', 'sentence_count'), { on: 'article_id', how: 'left' });
    assert.equal(j.height, m.counts.sentences);
    // Every sentence found its article: sentence_count comes only from the
    // articles side, and it is never null there.
    assert.equal(j.getColumn('sentence_count').nullCount(), 0);
    const per = s.groupBy('article_id').len().join(a.select('article_id', 'sentence_count'), { on: 'article_id' });
    const sentences = a.filter(pl.col('sentence_count').gt(0)).height;
    assert.equal(per.height, sentences);
    assert.equal(per.filter(pl.col('len').neq(pl.col('sentence_count'))).height, 0);
  });

  if (m.config.stance.enabled) {
    test('stance_label filter agrees with the threshold and the group counts', () => {
      const { labels, threshold } = m.stance.axis;
      for (const ext of ['parquet', 'arrow']) {
        const s = frames[ext].sentences;
        const counts = Object.fromEntries(
          s.groupBy('stance_label').len().toRecords().map((r) => [String(r.stance_label), r.len]),
        );
        for (const l of Object.keys(counts)) assert.ok(labels.includes(l), `${ext}: label ${l}`);
        const pos = s.filter(pl.col('stance_label').eq(pl.lit(labels[0]))).height;
        const neg = s.filter(pl.col('stance_label').eq(pl.lit(labels[2]))).height;
        assert.equal(pos, counts[labels[0]] ?? 0, ext);
        assert.equal(pos, s.filter(pl.col('stance').gtEq(threshold)).height, ext);
        assert.equal(neg, counts[labels[2]] ?? 0, ext);
        assert.equal(neg, s.filter(pl.col('stance').ltEq(-threshold)).height, ext);
        assert.equal(Object.values(counts).reduce((x, y) => x + y, 0), m.counts.sentences, ext);
      }
    });
  }
});
