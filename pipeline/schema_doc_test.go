package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/stancepipe/stancepipe/stages"
)

// schemaDocPath is docs/schema.md, the reference of the output files that
// these tests hold to the code.
const schemaDocPath = "../docs/schema.md"

// docTable is one table of docs/schema.md: the rows after a
// `<!-- schema-table: NAME [when=KEY] -->` marker, cells trimmed, backticks
// around the first cell removed.
type docTable struct {
	name string
	when string // config key the whole file needs; "always" when unset
	line int    // of the marker, for messages
	rows [][]string
}

var (
	docMarker = regexp.MustCompile(`^<!-- schema-table: (\S+)(?: when=(\S+))? -->$`)
	docCode   = regexp.MustCompile("^`([^`]+)`$")
)

// docHeaders are the exact headers of each kind of table.
var docHeaders = map[string][]string{
	"columns":  {"column", "type", "when", "null means", "description"},
	"metadata": {"key", "description"},
	"json":     {"field", "type", "present", "description"},
}

// docKinds says which kind each table of the document is; the document must
// have exactly these tables.
var docKinds = map[string]string{
	stages.ArticlesTable:  "columns",
	stages.SentencesTable: "columns",
	stages.MentionsTable:  "columns",
	"metadata":            "metadata",
	ManifestFile:          "json",
	RejectsFile:           "json",
}

// parseSchemaDoc reads docs/schema.md strictly: every marker must be
// followed by a table of its kind's header, every row must have the
// header's number of cells and a backticked name first.
func parseSchemaDoc(t *testing.T) map[string]docTable {
	t.Helper()
	f, err := os.Open(schemaDocPath)
	if err != nil {
		t.Fatalf("open schema doc: %v", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read schema doc: %v", err)
	}
	tables := map[string]docTable{}
	for i := 0; i < len(lines); i++ {
		m := docMarker.FindStringSubmatch(lines[i])
		if m == nil {
			if strings.Contains(lines[i], "schema-table:") && strings.HasPrefix(lines[i], "<!--") {
				t.Fatalf("%s:%d: malformed marker %q", schemaDocPath, i+1, lines[i])
			}
			continue
		}
		tb := docTable{name: m[1], when: m[2], line: i + 1}
		if tb.when == "" {
			tb.when = "always"
		}
		kind, ok := docKinds[tb.name]
		if !ok {
			t.Fatalf("%s:%d: unknown table %q", schemaDocPath, i+1, tb.name)
		}
		if _, dup := tables[tb.name]; dup {
			t.Fatalf("%s:%d: table %q appears twice", schemaDocPath, i+1, tb.name)
		}
		header := docHeaders[kind]
		if i+2 >= len(lines) {
			t.Fatalf("%s:%d: marker without a table", schemaDocPath, i+1)
		}
		if got := splitDocRow(lines[i+1]); !slices.Equal(got, header) {
			t.Fatalf("%s:%d: header %q, want %q", schemaDocPath, i+2, got, header)
		}
		if sep := splitDocRow(lines[i+2]); len(sep) != len(header) || strings.Trim(strings.Join(sep, ""), "-:") != "" {
			t.Fatalf("%s:%d: want a separator row of %d cells", schemaDocPath, i+3, len(header))
		}
		for i += 3; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
			cells := splitDocRow(lines[i])
			if len(cells) != len(header) {
				t.Fatalf("%s:%d: %d cells, want %d", schemaDocPath, i+1, len(cells), len(header))
			}
			for j, c := range cells {
				if c == "" {
					t.Fatalf("%s:%d: cell %q is empty", schemaDocPath, i+1, header[j])
				}
			}
			name := docCode.FindStringSubmatch(cells[0])
			if name == nil {
				t.Fatalf("%s:%d: name %q is not in backticks", schemaDocPath, i+1, cells[0])
			}
			cells[0] = name[1]
			if kind == "columns" {
				typ := docCode.FindStringSubmatch(cells[1])
				if typ == nil {
					t.Fatalf("%s:%d: type %q is not in backticks", schemaDocPath, i+1, cells[1])
				}
				cells[1] = typ[1]
			}
			tb.rows = append(tb.rows, cells)
		}
		if len(tb.rows) == 0 {
			t.Fatalf("%s:%d: table %q has no rows", schemaDocPath, tb.line, tb.name)
		}
		tables[tb.name] = tb
	}
	for name := range docKinds {
		if _, ok := tables[name]; !ok {
			t.Fatalf("%s: no table %q (want a `<!-- schema-table: %s -->` marker)", schemaDocPath, name, name)
		}
	}
	return tables
}

// splitDocRow splits a Markdown table row into trimmed cells; `\|` is a
// literal bar inside a cell.
func splitDocRow(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") || !strings.HasSuffix(line, "|") || len(line) < 2 {
		return nil
	}
	line = line[1 : len(line)-1]
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

// docWhen reports whether a `when` value holds for a layout.
func docWhen(t *testing.T, when string, l stages.Layout) bool {
	t.Helper()
	switch when {
	case "always":
		return true
	case "sentiment.enabled":
		return l.Sentiment
	case "stance.enabled":
		return l.Stance
	}
	t.Fatalf("%s: when %q: want always, sentiment.enabled or stance.enabled", schemaDocPath, when)
	return false
}

// docFields returns the fields a columns table documents for a layout: rows
// whose `when` holds, `<camp>` rows repeated over the layout's camps.
func docFields(t *testing.T, tb docTable, l stages.Layout) []arrow.Field {
	t.Helper()
	var out []arrow.Field
	for _, r := range tb.rows {
		if !docWhen(t, r[2], l) {
			continue
		}
		nullable := r[3] != "never"
		if !strings.Contains(r[0], "<camp>") {
			out = append(out, arrow.Field{Name: r[0], Nullable: nullable, Metadata: docTypeMeta(r[1])})
			continue
		}
		for _, c := range l.Camps {
			name := strings.ReplaceAll(r[0], "<camp>", c.ID)
			out = append(out, arrow.Field{Name: name, Nullable: nullable, Metadata: docTypeMeta(r[1])})
		}
	}
	return out
}

// docTypeMeta carries a documented type string in a field (the doc has
// strings, not arrow.DataType values).
func docTypeMeta(typ string) arrow.Metadata {
	return arrow.NewMetadata([]string{"type"}, []string{typ})
}

// compareFields checks got (from the code or a file) against the documented
// fields. plainStrings maps dictionaries to utf8 as the Arrow IPC files
// store them; parquetList accepts the list element name a Parquet file
// reads back with.
func compareFields(t *testing.T, what string, got []arrow.Field, want []arrow.Field, plainStrings, parquetList bool) {
	t.Helper()
	name := func(fs []arrow.Field) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			out[i] = f.Name
		}
		return out
	}
	if !slices.Equal(name(got), name(want)) {
		t.Errorf("%s: columns differ from %s\n code: %v\n  doc: %v", what, schemaDocPath, name(got), name(want))
		return
	}
	for i, g := range got {
		w := want[i]
		wt, _ := w.Metadata.GetValue("type")
		if plainStrings && strings.HasPrefix(wt, "dictionary<values=utf8,") {
			wt = arrow.BinaryTypes.String.String()
		}
		gt := g.Type.String()
		if parquetList {
			// Parquet names a list's element field "element" where Arrow
			// names it "item"; readers treat both as the same list type.
			gt = strings.ReplaceAll(gt, "list<element: ", "list<item: ")
		}
		if gt != wt {
			t.Errorf("%s: column %s has type %s, %s says %s", what, g.Name, g.Type, schemaDocPath, wt)
		}
		if g.Nullable != w.Nullable {
			t.Errorf("%s: column %s nullable=%v, but %s says null means %s", what, g.Name, g.Nullable, schemaDocPath,
				map[bool]string{true: "something", false: "never"}[w.Nullable])
		}
	}
}

// docLayouts returns the default config with each of the four on/off
// combinations of the sentiment and stance stages, keyed by a name;
// [docPlan] turns one into the layout a run would use.
func docLayouts(t *testing.T) map[string]Config {
	t.Helper()
	out := map[string]Config{}
	for _, sent := range []bool{true, false} {
		for _, st := range []bool{true, false} {
			cfg := DefaultConfig()
			cfg.Sentiment.Enabled, cfg.Stance.Enabled = sent, st
			out[fmt.Sprintf("sentiment=%v,stance=%v", sent, st)] = cfg
		}
	}
	return out
}

func docPlan(t *testing.T, cfg Config) stages.Layout {
	t.Helper()
	p, err := newPlan(cfg, Options{})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p.layout
}

// TestSchemaDocColumns holds the column tables of docs/schema.md to the
// writer's column lists for every combination of enabled stages.
func TestSchemaDocColumns(t *testing.T) {
	doc := parseSchemaDoc(t)
	def := docPlan(t, DefaultConfig())
	var camps []string
	for _, c := range def.Camps {
		camps = append(camps, c.ID)
	}
	if want := []string{"moscow", "west", "ukraine"}; !slices.Equal(camps, want) {
		t.Errorf("default camps are %v; %s documents %v", camps, schemaDocPath, want)
	}
	for name, cfg := range docLayouts(t) {
		t.Run(name, func(t *testing.T) {
			l := docPlan(t, cfg)
			compareFields(t, stages.ArticlesTable, stages.Fields(stages.ArticleColumns(l)), docFields(t, doc[stages.ArticlesTable], l), false, false)
			compareFields(t, stages.SentencesTable, stages.Fields(stages.SentenceColumns(l)), docFields(t, doc[stages.SentencesTable], l), false, false)
			if docWhen(t, doc[stages.MentionsTable].when, l) {
				compareFields(t, stages.MentionsTable, stages.Fields(stages.MentionColumns(l)), docFields(t, doc[stages.MentionsTable], l), false, false)
			}
		})
	}
}

// TestSchemaDocFiles runs the pipeline over the sample corpus and holds the
// files it writes (for each output.format), their stored schemas and their
// metadata keys to docs/schema.md.
func TestSchemaDocFiles(t *testing.T) {
	doc := parseSchemaDoc(t)
	var metaKeys []string
	for _, r := range doc["metadata"].rows {
		metaKeys = append(metaKeys, r[0])
	}
	slices.Sort(metaKeys)
	layouts := docLayouts(t)
	exts := map[string][]string{
		stages.FormatOutBoth:    {".parquet", ".arrow"},
		stages.FormatOutParquet: {".parquet"},
		stages.FormatOutArrow:   {".arrow"},
	}
	for _, tc := range []struct{ layout, format string }{
		{"sentiment=true,stance=true", stages.FormatOutBoth},
		{"sentiment=false,stance=false", stages.FormatOutBoth},
		{"sentiment=true,stance=true", stages.FormatOutParquet},
		{"sentiment=false,stance=true", stages.FormatOutArrow},
	} {
		t.Run(tc.layout+",format="+tc.format, func(t *testing.T) {
			cfg := layouts[tc.layout]
			cfg.Output.Format = tc.format
			out := filepath.Join(t.TempDir(), "out")
			if _, err := Run(context.Background(), cfg, Options{Inputs: []string{"../testdata/corpus/articles.jsonl"}, OutDir: out, Version: "test"}); err != nil {
				t.Fatalf("run: %v", err)
			}
			l := docPlan(t, cfg)
			var tables []string
			for _, tb := range []string{stages.ArticlesTable, stages.SentencesTable, stages.MentionsTable} {
				if docWhen(t, doc[tb].when, l) {
					tables = append(tables, tb)
				}
			}
			want := []string{ManifestFile, RejectsFile}
			for _, tb := range tables {
				for _, ext := range exts[tc.format] {
					want = append(want, tb+ext)
				}
			}
			slices.Sort(want)
			ents, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range ents {
				got = append(got, e.Name())
			}
			if !slices.Equal(got, want) {
				t.Fatalf("output files %v; %s documents %v", got, schemaDocPath, want)
			}
			for _, tb := range tables {
				fields := docFields(t, doc[tb], l)
				for _, ext := range exts[tc.format] {
					var sc *arrow.Schema
					if ext == ".parquet" {
						sc = parquetSchema(t, filepath.Join(out, tb+ext))
					} else {
						sc = ipcSchema(t, filepath.Join(out, tb+ext))
					}
					compareFields(t, tb+ext, sc.Fields(), fields, ext == ".arrow", ext == ".parquet")
					checkMetaKeys(t, tb+ext, sc.Metadata(), metaKeys)
				}
			}
		})
	}
}

func checkMetaKeys(t *testing.T, what string, md arrow.Metadata, want []string) {
	t.Helper()
	var got []string
	for _, k := range md.Keys() {
		if strings.HasPrefix(k, "stancepipe.") {
			got = append(got, k)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s: metadata keys %v; %s documents %v", what, got, schemaDocPath, want)
	}
}

// parquetSchema returns the Arrow schema a Parquet file stores.
func parquetSchema(t *testing.T, path string) *arrow.Schema {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	sc, err := fr.Schema()
	if err != nil {
		t.Fatalf("schema of %s: %v", path, err)
	}
	return sc
}

// ipcSchema returns the schema of an Arrow IPC file.
func ipcSchema(t *testing.T, path string) *arrow.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	defer r.Close()
	return r.Schema()
}

// TestSchemaDocJSON holds the manifest.json and rejects.jsonl tables of
// docs/schema.md to the JSON tags of [Manifest] and [stages.Reject].
func TestSchemaDocJSON(t *testing.T) {
	doc := parseSchemaDoc(t)
	for name, typ := range map[string]reflect.Type{
		ManifestFile: reflect.TypeFor[Manifest](),
		RejectsFile:  reflect.TypeFor[stages.Reject](),
	} {
		t.Run(name, func(t *testing.T) {
			got := jsonDocRows(t, typ, "")
			var want [][3]string
			for _, r := range doc[name].rows {
				want = append(want, [3]string{r[0], r[1], r[2]})
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s fields differ from %s (field, type, present):\n code: %v\n  doc: %v", typ, schemaDocPath, got, want)
			}
		})
	}
}

// jsonDocRows lists the JSON fields of a struct type as documented: dotted
// paths, `[]` for the elements of an array of objects, a JSON type and
// whether the field is always present.
func jsonDocRows(t *testing.T, typ reflect.Type, prefix string) [][3]string {
	t.Helper()
	var out [][3]string
	for f := range typ.Fields() {
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		if f.Anonymous && name == "" {
			out = append(out, jsonDocRows(t, f.Type, prefix)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		present := "always"
		if slices.Contains(strings.Split(opts, ","), "omitempty") {
			present = "when not empty"
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		out = append(out, [3]string{prefix + name, jsonType(t, ft), present})
		switch {
		case ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]():
			out = append(out, jsonDocRows(t, ft, prefix+name+".")...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, jsonDocRows(t, ft.Elem(), prefix+name+"[].")...)
		}
	}
	return out
}

func jsonType(t *testing.T, typ reflect.Type) string {
	t.Helper()
	if typ == reflect.TypeFor[time.Time]() {
		return "string (RFC 3339)"
	}
	switch typ.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Struct:
		return "object"
	case reflect.Slice, reflect.Array:
		if typ.Elem().Kind() == reflect.Struct {
			return "array of object"
		}
		return "array of " + jsonType(t, typ.Elem())
	case reflect.Map:
		if typ.Elem().Kind() == reflect.Interface {
			return "object"
		}
		return "object of " + jsonType(t, typ.Elem())
	case reflect.Pointer:
		return jsonType(t, typ.Elem())
	}
	t.Fatalf("%s: no JSON type for %s; extend jsonType", schemaDocPath, typ)
	return ""
}
