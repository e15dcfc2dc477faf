package stages

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// readParquetStream reads a gzip-compressed Parquet file. Parquet needs
// random access, so the decompressed bytes are spooled to a temporary file,
// which is removed afterwards.
func (r *Reader) readParquetStream(ctx context.Context, input string, src io.Reader, emit Emit, reject RejectFunc) error {
	tmp, err := os.CreateTemp("", "stancepipe-*.parquet")
	if err != nil {
		reject(Reject{Input: input, Stage: "read", Action: ActionSkipInput, Reason: "spool gzip'd parquet: " + err.Error()})
		return nil
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := io.Copy(tmp, src); err != nil {
		reject(Reject{Input: input, Stage: "read", Action: ActionSkipInput, Reason: "gzip: " + err.Error()})
		return nil
	}
	return r.readParquet(ctx, input, tmp, emit, reject)
}

// readParquet reads the configured fields of a Parquet file, a batch of rows
// at a time. The text column must exist and hold strings; other fields may
// be absent. Columns of an unusable type reject the input, naming the column.
func (r *Reader) readParquet(ctx context.Context, input string, f *os.File, emit Emit, reject RejectFunc) (err error) {
	skipInput := func(field, reason string) error {
		reject(Reject{Input: input, Field: field, Stage: "read", Action: ActionSkipInput, Reason: reason})
		return nil
	}
	defer func() {
		// arrow-go can panic on some corrupt files; a bad input must never
		// take the run down.
		if p := recover(); p != nil {
			err = skipInput("", fmt.Sprintf("parquet: corrupt file: %v", p))
		}
	}()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return skipInput("", err.Error())
	}
	pf, err := file.NewParquetReader(f)
	if err != nil {
		return skipInput("", "parquet: "+err.Error())
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 512}, memory.DefaultAllocator)
	if err != nil {
		return skipInput("", "parquet: "+err.Error())
	}
	sc, err := fr.Schema()
	if err != nil {
		return skipInput("", "parquet: "+err.Error())
	}
	names := r.cfg.Fields
	wanted := []string{names.ID, names.Title, names.Text, names.Date, names.Source, names.URL}
	var cols []int
	pos := map[string]int{} // field name -> column position in the record
	for _, name := range wanted {
		if _, seen := pos[name]; seen {
			continue
		}
		idx := sc.FieldIndices(name)
		if len(idx) == 0 {
			continue
		}
		if !parquetTypeOK(sc.Field(idx[0]).Type, name == names.Date, name == names.ID) {
			if name == names.Text {
				return skipInput(name, fmt.Sprintf("parquet: column %q has type %s, want string", name, sc.Field(idx[0]).Type))
			}
			reject(Reject{Input: input, Field: name, Stage: "read", Action: ActionDropField,
				Reason: fmt.Sprintf("parquet: column %q has type %s, want string; column ignored", name, sc.Field(idx[0]).Type)})
			continue
		}
		pos[name] = len(cols)
		cols = append(cols, idx[0])
	}
	if _, ok := pos[names.Text]; !ok {
		return skipInput(names.Text, fmt.Sprintf("parquet: no %q column (read.fields.text)", names.Text))
	}
	rr, err := fr.GetRecordReader(ctx, cols, nil)
	if err != nil {
		return skipInput("", "parquet: "+err.Error())
	}
	defer rr.Release()
	row := int64(0)
	for rr.Next() {
		rec := rr.RecordBatch()
		for i := 0; i < int(rec.NumRows()); i++ {
			row++
			a := r.toArticle(record{input: input, num: row, get: func(field string) (string, bool, error) {
				c, ok := pos[field]
				if !ok {
					return "", false, nil
				}
				return arrowString(rec.Column(c), i)
			}}, reject)
			if a != nil {
				if err := emit(a); err != nil {
					return err
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		reject(Reject{Input: input, Record: row + 1, Stage: "read", Action: ActionSkipInput,
			Reason: "parquet: read error, rest of input skipped: " + err.Error()})
	}
	return nil
}

func parquetTypeOK(t arrow.DataType, isDate, isID bool) bool {
	if d, ok := t.(*arrow.DictionaryType); ok {
		t = d.ValueType
	}
	switch t.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return true
	case arrow.TIMESTAMP, arrow.DATE32, arrow.DATE64:
		return isDate
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64:
		return isID
	}
	return false
}

// arrowString returns row i of a column as a string; null is absent. Dates
// and timestamps come back in RFC 3339, which parseDate reads.
func arrowString(col arrow.Array, i int) (string, bool, error) {
	if col.IsNull(i) {
		return "", false, nil
	}
	switch c := col.(type) {
	case *array.String:
		return c.Value(i), true, nil
	case *array.LargeString:
		return c.Value(i), true, nil
	case *array.StringView:
		return c.Value(i), true, nil
	case *array.Dictionary:
		return arrowString(c.Dictionary(), c.GetValueIndex(i))
	case *array.Timestamp:
		unit := c.DataType().(*arrow.TimestampType).Unit
		return c.Value(i).ToTime(unit).UTC().Format(time.RFC3339Nano), true, nil
	case *array.Date32:
		return c.Value(i).ToTime().Format("2006-01-02"), true, nil
	case *array.Date64:
		return c.Value(i).ToTime().UTC().Format("2006-01-02"), true, nil
	case *array.Int64:
		return strconv.FormatInt(c.Value(i), 10), true, nil
	case *array.Int32:
		return strconv.FormatInt(int64(c.Value(i)), 10), true, nil
	}
	return col.ValueStr(i), true, nil
}
