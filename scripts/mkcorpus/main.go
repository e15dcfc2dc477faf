// Command mkcorpus makes a benchmark corpus of a requested size by repeating
// a gzip'd JSON Lines corpus with fresh article ids. scripts/bench.sh runs it.
//
// Usage:
//
//	go run ./scripts/mkcorpus -src ../shared/corpus/ukraine_news.jsonl.gz -mb 200 -out /tmp/c.jsonl.gz
//
// The output holds whole copies of the source, then the first articles of
// one more copy, until the decoded "text" fields sum to at least -mb
// megabytes (1 MB = 10^6 bytes). Every line is the source line with its id
// replaced by "bNNNN-<id>", NNNN being the copy number, so ids are unique
// whenever they are unique in the source; nothing else in a line changes.
//
// Next to the output it writes OUT.json describing it (source SHA-256,
// requested size, articles, text bytes). When that file matches the request,
// the existing corpus is reused and nothing is written. The output is
// written to a temporary file and renamed, so an interrupted run never
// leaves a corpus that looks complete.
//
// On success the description is printed on standard output as one JSON
// object. Errors go to standard error with exit status 1; bad flags exit 2.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// formatVersion changes whenever the corpus this program makes from the
// same request changes, so that older cached corpora are not reused.
const formatVersion = 1

// meta describes a generated corpus; it is stored as OUT.json.
type meta struct {
	Format       int    `json:"format"`
	Source       string `json:"source"`
	SourceSHA256 string `json:"source_sha256"`
	RequestedMB  int    `json:"requested_mb"`
	Copies       int    `json:"copies"`
	Articles     int64  `json:"articles"`
	TextBytes    int64  `json:"text_bytes"`
	FileBytes    int64  `json:"file_bytes"`
	Reused       bool   `json:"reused"`
}

// record is one source line and the byte length of its decoded text.
type record struct {
	rest    []byte // the line after its id value, from the closing quote on
	id      string
	textLen int64
}

func main() {
	src := flag.String("src", "", "source corpus, gzip'd JSON Lines with string \"id\" and \"text\" fields (required)")
	mb := flag.Int("mb", 200, "article text to generate, in MB of 10^6 bytes (>= 1)")
	out := flag.String("out", "", "output file, gzip'd JSON Lines (required)")
	flag.Parse()
	if *src == "" || *out == "" || *mb < 1 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: mkcorpus -src FILE.jsonl.gz -mb N -out FILE.jsonl.gz")
		os.Exit(2)
	}
	m, err := makeCorpus(*src, *mb, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkcorpus:", err)
		os.Exit(1)
	}
	b, _ := json.Marshal(m)
	fmt.Println(string(b))
}

// makeCorpus writes (or reuses) the corpus and returns its description.
func makeCorpus(src string, mb int, out string) (meta, error) {
	raw, err := os.ReadFile(src)
	if err != nil {
		return meta{}, fmt.Errorf("read source: %w", err)
	}
	sum := sha256.Sum256(raw)
	want := meta{Format: formatVersion, Source: src, SourceSHA256: hex.EncodeToString(sum[:]), RequestedMB: mb}
	if old, ok := cached(out, want); ok {
		return old, nil
	}
	recs, err := parseSource(raw)
	if err != nil {
		return meta{}, fmt.Errorf("source %s: %w", src, err)
	}
	// A stale description must not outlive the corpus it describes.
	if err := os.Remove(out + ".json"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return meta{}, fmt.Errorf("remove old description: %w", err)
	}
	m, err := writeCorpus(out, recs, int64(mb)*1_000_000, want)
	if err != nil {
		return meta{}, err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return meta{}, fmt.Errorf("encode description: %w", err)
	}
	if err := os.WriteFile(out+".json", append(b, '\n'), 0o644); err != nil {
		return meta{}, fmt.Errorf("write description: %w", err)
	}
	return m, nil
}

// cached returns the description of out when out and its OUT.json exist and
// match want (same format, source checksum and requested size).
func cached(out string, want meta) (meta, bool) {
	b, err := os.ReadFile(out + ".json")
	if err != nil {
		return meta{}, false
	}
	var m meta
	if json.Unmarshal(b, &m) != nil {
		return meta{}, false
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Size() != m.FileBytes {
		return meta{}, false
	}
	if m.Format != want.Format || m.SourceSHA256 != want.SourceSHA256 || m.RequestedMB != want.RequestedMB {
		return meta{}, false
	}
	m.Reused = true
	return m, true
}

// idPrefix is how every source line must begin: the id is the first field.
var idPrefix = []byte(`{"id": "`)

// parseSource splits the gzip'd source into records. Each line must start
// with idPrefix and hold a JSON object with string id and text fields; the
// id must be written without escapes so it can be replaced in place.
func parseSource(raw []byte) ([]record, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("open gzip: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read gzip: %w", err)
	}
	var recs []record
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var v struct {
			ID   *string `json:"id"`
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(line, &v); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if v.ID == nil || v.Text == nil {
			return nil, fmt.Errorf("line %d: want string fields id and text", n)
		}
		lit := append(append(append([]byte{}, idPrefix...), *v.ID...), '"')
		if !bytes.HasPrefix(line, lit) {
			return nil, fmt.Errorf("line %d: does not start with %s", n, lit)
		}
		recs = append(recs, record{rest: line[len(lit)-1:], id: *v.ID, textLen: int64(len(*v.Text))})
	}
	if len(recs) == 0 {
		return nil, errors.New("no records")
	}
	return recs, nil
}

// writeCorpus writes copies of recs to out until textBytes of text are
// written, and returns want completed with what was written.
func writeCorpus(out string, recs []record, textBytes int64, want meta) (m meta, err error) {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return meta{}, fmt.Errorf("create output directory: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".tmp*")
	if err != nil {
		return meta{}, fmt.Errorf("create output: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw, err := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if err != nil {
		return meta{}, fmt.Errorf("gzip writer: %w", err)
	}
	m = want
	var line []byte
	for copyN := 0; m.TextBytes < textBytes; copyN++ {
		m.Copies = copyN + 1
		for _, r := range recs {
			line = fmt.Appendf(line[:0], "%sb%04d-%s", idPrefix, copyN, r.id)
			line = append(append(line, r.rest...), '\n')
			if _, err := zw.Write(line); err != nil {
				return meta{}, fmt.Errorf("write output: %w", err)
			}
			m.Articles++
			m.TextBytes += r.textLen
			if m.TextBytes >= textBytes {
				break
			}
		}
	}
	if err := zw.Close(); err != nil {
		return meta{}, fmt.Errorf("write output: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return meta{}, fmt.Errorf("write output: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		return meta{}, fmt.Errorf("stat output: %w", err)
	}
	m.FileBytes = fi.Size()
	if err := f.Chmod(0o644); err != nil {
		return meta{}, fmt.Errorf("chmod output: %w", err)
	}
	if err := f.Close(); err != nil {
		return meta{}, fmt.Errorf("close output: %w", err)
	}
	if err := os.Rename(f.Name(), out); err != nil {
		return meta{}, fmt.Errorf("rename output: %w", err)
	}
	return m, nil
}
