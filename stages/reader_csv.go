package stages

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readCSV reads a CSV file whose first record is a header naming the fields.
// A missing text column rejects the input; a record with the wrong number of
// fields, or one that does not parse, is rejected and reading goes on.
func (r *Reader) readCSV(ctx context.Context, input string, src io.Reader, emit Emit, reject RejectFunc) error {
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1 // ragged rows are checked below, with a clear message
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		reason := "no header row"
		if !errors.Is(err, io.EOF) {
			reason = "header: " + err.Error()
		}
		reject(Reject{Input: input, Record: 1, Stage: "read", Action: ActionSkipInput, Reason: reason})
		return nil
	}
	col := make(map[string]int, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF")
		}
		h = strings.TrimSpace(h)
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	if _, ok := col[r.cfg.Fields.Text]; !ok {
		reject(Reject{Input: input, Record: 1, Field: r.cfg.Fields.Text, Stage: "read", Action: ActionSkipInput,
			Reason: fmt.Sprintf("header has no %q column (read.fields.text)", r.cfg.Fields.Text)})
		return nil
	}
	width := len(header)
	for num := int64(2); ; num++ {
		if num&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			// FieldPos may only be called after a successful Read.
			var pe *csv.ParseError
			if errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote)) {
				reject(Reject{Input: input, Record: int64(pe.StartLine), Stage: "read", Action: ActionSkipRecord, Reason: "csv: " + pe.Err.Error()})
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			reject(Reject{Input: input, Record: num, Stage: "read", Action: ActionSkipInput,
				Reason: fmt.Sprintf("read error after record %d, rest of input skipped: %v", num-1, err)})
			return nil
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != width {
			reject(Reject{Input: input, Record: int64(line), Stage: "read", Action: ActionSkipRecord,
				Reason: fmt.Sprintf("csv: record has %d fields, header has %d", len(rec), width)})
			continue
		}
		a := r.toArticle(record{input: input, num: int64(line), get: func(field string) (string, bool, error) {
			i, ok := col[field]
			if !ok {
				return "", false, nil
			}
			return rec[i], rec[i] != "", nil
		}}, reject)
		if a != nil {
			if err := emit(a); err != nil {
				return err
			}
		}
	}
}
