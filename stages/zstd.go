package stages

import (
	"io"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/klauspost/compress/zstd"
)

// arrow-go keeps its zstd encoders in a sync.Pool, which the garbage
// collector empties at every cycle. A run has about a hundred cycles per
// 200 MB of text, and each new encoder allocates and clears megabytes of
// history and match tables: 7% of a run's allocations went there. The
// codec below replaces arrow-go's for every Parquet file this process
// writes (RegisterCodec is arrow-go's extension point for that) and keeps
// idle encoders until the process ends. It encodes with arrow-go's options
// but a smaller window (zstdWindow), so pages up to 2 MB are byte for byte
// the same as arrow-go would write; decoding is arrow-go's.
func init() {
	base, err := compress.GetCodec(compress.Codecs.Zstd)
	if err != nil {
		panic(err) // arrow-go registers zstd in its own init
	}
	c := &zstdCodec{Codec: base}
	for i := range c.idle {
		c.idle[i] = make(chan *zstd.Encoder, zstdIdle)
	}
	compress.RegisterCodec(compress.Codecs.Zstd, c)
}

// zstdWindow is the encoders' window. arrow-go's default, 8 MB, gives each
// encoder a 16 MB history buffer, and a run has one encoder per table
// compressing at once; a Parquet page is about 1 MB (the data page size
// plus at most one batch), so a 2 MB window finds the same matches.
const zstdWindow = 2 << 20

// zstdIdle is how many idle encoders are kept per level: one per table
// encoding at once, with room to spare.
const zstdIdle = 8

type zstdCodec struct {
	compress.Codec // arrow-go's codec: decoding, CompressBound
	idle           [zstdLevels]chan *zstd.Encoder
}

// zstdLevels covers klauspost's encoder levels (SpeedFastest to
// SpeedBestCompression are 1 to 4); index 0 is unused.
const zstdLevels = 5

func (c *zstdCodec) Encode(dst, src []byte) []byte {
	return c.EncodeLevel(dst, src, compress.DefaultCompressionLevel)
}

// EncodeLevel compresses src into dst as one zstd frame, as arrow-go's
// codec does. Safe for concurrent use.
func (c *zstdCodec) EncodeLevel(dst, src []byte, level int) []byte {
	lvl := zstd.SpeedDefault
	if level != compress.DefaultCompressionLevel {
		lvl = zstd.EncoderLevelFromZstd(level)
	}
	ch := c.idle[lvl]
	var enc *zstd.Encoder
	select {
	case enc = <-ch:
	default:
		// The options of arrow-go's pooled encoders. NewWriter fails
		// only on invalid options.
		var err error
		enc, err = zstd.NewWriter(nil, zstd.WithZeroFrames(true), zstd.WithEncoderLevel(lvl),
			zstd.WithEncoderConcurrency(1), zstd.WithAllLitEntropyCompression(true), zstd.WithWindowSize(zstdWindow))
		if err != nil {
			panic(err)
		}
	}
	out := enc.EncodeAll(src, dst[:0])
	select {
	case ch <- enc:
	default: // enough are idle
	}
	return out
}

// DecodeWithError keeps arrow-go's error-returning decoder reachable, so a
// corrupt page in a Parquet input is an error, not a recovered panic.
func (c *zstdCodec) DecodeWithError(dst, src []byte) ([]byte, error) {
	return compress.Decode(c.Codec, dst, src)
}

// NewReader, NewWriter and NewWriterLevel are arrow-go's streaming API.
func (c *zstdCodec) NewReader(r io.Reader) io.ReadCloser {
	return c.Codec.(compress.StreamingCodec).NewReader(r)
}

func (c *zstdCodec) NewWriter(w io.Writer) io.WriteCloser {
	return c.Codec.(compress.StreamingCodec).NewWriter(w)
}

func (c *zstdCodec) NewWriterLevel(w io.Writer, level int) (io.WriteCloser, error) {
	return c.Codec.(compress.StreamingCodec).NewWriterLevel(w, level)
}
