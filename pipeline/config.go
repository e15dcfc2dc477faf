package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"

	"go.yaml.in/yaml/v3"

	"github.com/stancepipe/stancepipe/stages"
)

// Config is the whole pipeline configuration: one section per stage plus
// the engine. Its YAML form is configs/default.yaml; package main decodes
// user files into it with viper, and [Config.Validate] checks it.
type Config struct {
	Read      ReadConfig      `mapstructure:"read" yaml:"read"`
	Split     SplitConfig     `mapstructure:"split" yaml:"split"`
	Sentiment SentimentConfig `mapstructure:"sentiment" yaml:"sentiment"`
	Stance    StanceConfig    `mapstructure:"stance" yaml:"stance"`
	Output    OutputConfig    `mapstructure:"output" yaml:"output"`
	Engine    EngineConfig    `mapstructure:"engine" yaml:"engine"`
}

// ReadConfig is the `read` section. Inputs are read by one goroutine, in
// order, so the section has no workers key.
type ReadConfig struct {
	stages.ReaderConfig `mapstructure:",squash" yaml:",inline"`
}

// SplitConfig is the `split` section.
type SplitConfig struct {
	Workers               int `mapstructure:"workers" yaml:"workers"`
	stages.SplitterConfig `mapstructure:",squash" yaml:",inline"`
}

// SentimentConfig is the `sentiment` section.
type SentimentConfig struct {
	Workers                int `mapstructure:"workers" yaml:"workers"`
	stages.SentimentConfig `mapstructure:",squash" yaml:",inline"`
}

// StanceConfig is the `stance` section.
type StanceConfig struct {
	Workers             int `mapstructure:"workers" yaml:"workers"`
	stages.StanceConfig `mapstructure:",squash" yaml:",inline"`
}

// OutputConfig is the `output` section, read by the writer stage. One
// goroutine owns the output files, so the section has no workers key.
type OutputConfig struct {
	stages.WriterConfig `mapstructure:",squash" yaml:",inline"`
}

// EngineConfig is the `engine` section: how the stages are joined.
type EngineConfig struct {
	// ChannelSize is the capacity of each channel between two stages.
	ChannelSize int `mapstructure:"channel_size" yaml:"channel_size"`
	// MaxInFlight bounds the articles between the reader and the writer;
	// 0 means 4 * ChannelSize.
	MaxInFlight int `mapstructure:"max_in_flight" yaml:"max_in_flight"`
	// MemoryLimit is the Go runtime's soft memory limit during a run, in
	// bytes (see runtime/debug.SetMemoryLimit), raised by the run when
	// collection takes too much of the CPU (see memoryGovernor); 0 means
	// none, and the GOMEMLIMIT environment variable, when set, takes
	// precedence.
	MemoryLimit int64 `mapstructure:"memory_limit" yaml:"memory_limit"`
}

// DefaultMemoryLimit is engine.memory_limit's default, 150 MiB: about twice
// the live heap of a run of the default configuration on news text (66-95
// MB after a collection), so that it binds only when garbage piles up
// between collections, which is what made a long run's peak memory higher
// than a short one's (docs/performance.md).
const DefaultMemoryLimit = 150 << 20

// minMemoryLimit is the smallest engine.memory_limit accepted: below it
// the collector would run without pause on any corpus.
const minMemoryLimit = 32 << 20

// DefaultConfig returns the configuration of configs/default.yaml. A test
// keeps the two in step.
func DefaultConfig() Config {
	return Config{
		Read:      ReadConfig{stages.DefaultReaderConfig()},
		Split:     SplitConfig{0, stages.DefaultSplitterConfig()},
		Sentiment: SentimentConfig{0, stages.DefaultSentimentConfig()},
		Stance:    StanceConfig{0, stages.DefaultStanceConfig()},
		Output:    OutputConfig{stages.DefaultWriterConfig()},
		Engine:    EngineConfig{ChannelSize: 64, MemoryLimit: DefaultMemoryLimit},
	}
}

// Validate checks every section. Each message names the dotted key, the
// value and what was expected; several problems are joined.
func (c Config) Validate() error {
	var errs []error
	add := func(section string, err error) {
		if err == nil {
			return
		}
		for _, e := range unjoin(err) {
			errs = append(errs, fmt.Errorf("%s.%w", section, e))
		}
	}
	workers := func(section string, n int) {
		if n < 0 {
			errs = append(errs, fmt.Errorf("%s.workers: must be >= 0, where 0 means one per CPU (got %d)", section, n))
		}
	}
	add("read", c.Read.Validate())
	workers("split", c.Split.Workers)
	add("split", c.Split.SplitterConfig.Validate())
	workers("sentiment", c.Sentiment.Workers)
	add("sentiment", c.Sentiment.SentimentConfig.Validate())
	workers("stance", c.Stance.Workers)
	add("stance", c.Stance.StanceConfig.Validate())
	add("output", c.Output.Validate())
	if c.Engine.ChannelSize < 1 {
		errs = append(errs, fmt.Errorf("engine.channel_size: must be >= 1 (got %d)", c.Engine.ChannelSize))
	}
	if c.Engine.MaxInFlight < 0 {
		errs = append(errs, fmt.Errorf("engine.max_in_flight: must be >= 0, where 0 means 4 * channel_size (got %d)", c.Engine.MaxInFlight))
	}
	if l := c.Engine.MemoryLimit; l != 0 && l < minMemoryLimit {
		errs = append(errs, fmt.Errorf("engine.memory_limit: must be 0 (no limit) or at least %d bytes (32 MiB) (got %d)", minMemoryLimit, l))
	}
	return errors.Join(errs...)
}

// unjoin flattens an errors.Join tree into its leaves.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoin(e)...)
		}
		return out
	}
	return []error{err}
}

// YAML returns the config as YAML, in the layout of configs/default.yaml
// (two-space indents).
func (c Config) YAML() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Map returns the config as a map, keyed as in YAML, for the manifest.
func (c Config) Map() (map[string]any, error) {
	b, err := yaml.Marshal(c)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// Hash returns the SHA-256 of the config's canonical JSON form (sorted keys).
// Two runs with equal hashes ran with the same configuration.
func (c Config) Hash() (string, error) {
	m, err := c.Map()
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(m) // encoding/json sorts map keys
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// workers resolves a configured worker count: 0 means one per CPU.
func workers(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}
