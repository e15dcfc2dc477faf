package stages

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/klauspost/compress/zstd"
)

// The registered codec must write exactly what arrow-go's would, and read
// back what it wrote, from several goroutines at once.
func TestZstdCodecMatchesArrow(t *testing.T) {
	c, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.(*zstdCodec); !ok {
		t.Fatalf("registered zstd codec is %T, want *zstdCodec", c)
	}
	// About a Parquet page (1.4 MB): within the window, frames are the
	// same as arrow-go's.
	src := []byte(strings.Repeat("Moscow called for immediate talks with NATO on security guarantees. ", 20000))
	ref, err := zstd.NewWriter(nil, zstd.WithZeroFrames(true), zstd.WithEncoderLevel(zstd.SpeedFastest),
		zstd.WithEncoderConcurrency(1), zstd.WithAllLitEntropyCompression(true))
	if err != nil {
		t.Fatal(err)
	}
	want := ref.EncodeAll(src, nil)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				got := c.EncodeLevel(nil, src, 1)
				if !bytes.Equal(got, want) {
					t.Error("EncodeLevel differs from arrow-go's encoder options")
					return
				}
				back, err := compress.Decode(c, nil, got)
				if err != nil || !bytes.Equal(back, src) {
					t.Errorf("round trip: err %v, equal %v", err, bytes.Equal(back, src))
					return
				}
			}
		})
	}
	wg.Wait()
	if _, err := compress.Decode(c, nil, []byte("not zstd")); err == nil {
		t.Error("decoding garbage: no error")
	}
}
