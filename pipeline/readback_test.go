package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// readRows reads a Parquet file back into JSON-ready rows, so tests compare
// what a reader sees rather than bytes (files record the writer version and
// creation time).
func readRows(t testing.TB, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tbl, err := pqarrow.ReadTable(context.Background(), f, parquet.NewReaderProperties(memory.DefaultAllocator),
		pqarrow.ArrowReadProperties{BatchSize: 1024}, memory.DefaultAllocator)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	defer tbl.Release()
	n := int(tbl.NumRows())
	rows := make([]map[string]any, n)
	for i := range rows {
		rows[i] = map[string]any{}
	}
	for c := 0; c < int(tbl.NumCols()); c++ {
		name := tbl.Schema().Field(c).Name
		row := 0
		for _, chunk := range tbl.Column(c).Data().Chunks() {
			for i := 0; i < chunk.Len(); i++ {
				v := chunk.GetOneForMarshal(i)
				// Normalise through JSON so values compare like golden files.
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatalf("%s row %d column %s: %v", path, row, name, err)
				}
				var back any
				_ = json.Unmarshal(b, &back)
				rows[row][name] = back
				row++
			}
		}
	}
	return rows
}
