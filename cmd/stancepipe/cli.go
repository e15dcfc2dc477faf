package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/stancepipe/stancepipe/pipeline"
	"github.com/stancepipe/stancepipe/stages"
)

// Exit codes of stancepipe. They are documented in the README and in
// `stancepipe --help`.
const (
	ExitOK          = 0   // the run finished
	ExitFailed      = 1   // the run failed; no output directory was created
	ExitUsage       = 2   // bad command line or configuration
	ExitTooManyBad  = 3   // the run finished, but more inputs were rejected than --max-rejects allows
	ExitBelowMin    = 4   // evaluate: a figure is below its --min
	ExitInterrupted = 130 // stopped by SIGINT or SIGTERM; no output directory was created
)

// exitError carries the exit code an error should end the program with.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }
func (e *exitError) ExitCode() int { return e.code }

func usageError(err error) error { return &exitError{ExitUsage, err} }

// version is set at build time with -ldflags "-X main.version=...";
// otherwise it comes from the module's build information.
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// run is the whole program behind main, so that tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, environ []string) int {
	root := newRootCmd(stdin, stdout, stderr, environ)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(stderr, "stancepipe:", err)
	var ee interface{ ExitCode() int }
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if ctx.Err() != nil {
		return ExitInterrupted
	}
	// Cobra's own error for an unknown subcommand is a usage error too.
	if strings.HasPrefix(err.Error(), "unknown command") {
		return ExitUsage
	}
	return ExitFailed
}

const exitCodesHelp = `Exit codes:
  0    success
  1    the run failed (nothing was written to the output directory)
  2    usage or configuration error
  3    the run finished, but more inputs were rejected than --max-rejects allows
  4    evaluate: a figure is below its --min
  130  interrupted (SIGINT or SIGTERM); nothing was written`

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer, environ []string) *cobra.Command {
	root := &cobra.Command{
		Use:   "stancepipe",
		Short: "Measure how news coverage frames Moscow versus the West",
		Long: `stancepipe reads news articles, splits them into sentences, scores each
sentence's sentiment (VADER) and actor stance (which camps it mentions, who
speaks, which side it favours), and writes a Parquet dataset for notebooks.

` + exitCodesHelp,
		Example:       "  stancepipe run --out out testdata/corpus/articles.jsonl",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(
		newRunCmd(stdin, stderr, environ),
		newEvaluateCmd(stdin, environ),
		newValidateCmd(environ),
		newConfigCmd(environ),
		newVersionCmd(),
	)
	return root
}

// configFlags are the flags every command that loads a config has.
type configFlags struct {
	file string
	sets []string
}

func (f *configFlags) add(c *cobra.Command) {
	c.Flags().StringVarP(&f.file, "config", "c", "", "YAML config file (default: the built-in configs/default.yaml)")
	c.Flags().StringArrayVar(&f.sets, "set", nil, "override one config key, e.g. --set split.workers=2 (repeatable; beats the environment and the file)")
}

func (f *configFlags) load(environ []string) (pipeline.Config, error) {
	cfg, err := loadConfig(f.file, f.sets, environ)
	if err != nil {
		return cfg, usageError(err)
	}
	return cfg, nil
}

func newRunCmd(stdin io.Reader, stderr io.Writer, environ []string) *cobra.Command {
	var (
		cf         configFlags
		out        string
		overwrite  bool
		maxRejects string
		verbose    bool
		prof       profileFlags
	)
	c := &cobra.Command{
		Use:   "run [--config FILE] [--out DIR] [--overwrite] INPUT...",
		Short: "Run the pipeline over articles and write a dataset",
		Long: `Run reads every INPUT (a directory of .txt/.md files, JSON Lines, CSV or
Parquet files, any of them gzip'd, or - for JSON Lines on standard input),
and writes OUT/articles.parquet, OUT/sentences.parquet, OUT/mentions.parquet,
OUT/rejects.jsonl and OUT/manifest.json. OUT appears only when the run
succeeded.

` + exitCodesHelp,
		Example: `  stancepipe run --out out testdata/corpus/articles.jsonl
  stancepipe run --config my.yaml --out out --overwrite corpus/ news.jsonl.gz
  zcat news.jsonl.gz | stancepipe run --out out -
  stancepipe run --max-rejects 1% --set split.workers=4 --out out corpus/`,
		Args: atLeastOne("run: give at least one INPUT"),
		RunE: func(c *cobra.Command, args []string) error {
			limit, err := parseMaxRejects(maxRejects)
			if err != nil {
				return usageError(err)
			}
			cfg, err := cf.load(environ)
			if err != nil {
				return err
			}
			level := slog.LevelWarn
			if verbose {
				level = slog.LevelInfo
			}
			log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
			opts := pipeline.Options{
				Inputs: args, OutDir: out, Overwrite: overwrite, Stdin: stdin,
				Version: buildVersion(), Logger: log, Command: append([]string{"stancepipe"}, os.Args[1:]...),
			}
			if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
				opts.Progress = stderr
			}
			stopProf, err := prof.start()
			if err != nil {
				return usageError(err)
			}
			m, err := pipeline.Run(c.Context(), cfg, opts)
			if perr := stopProf(); perr != nil && err == nil {
				err = perr
			}
			if err != nil {
				var ce *pipeline.ConfigError
				switch {
				case errors.As(err, &ce), errors.Is(err, pipeline.ErrOutputExists):
					return usageError(err)
				case c.Context().Err() != nil:
					return &exitError{ExitInterrupted, fmt.Errorf("interrupted; %s was not written", out)}
				}
				return &exitError{ExitFailed, err}
			}
			fmt.Fprintf(c.OutOrStdout(), "wrote %s: %d articles, %d sentences, %d mentions; %d records and %d inputs rejected (see %s) in %.1fs\n",
				out, m.Counts.Articles, m.Counts.Sentences, m.Counts.Mentions, m.Rejects.Records, m.Rejects.Inputs, pipeline.RejectsFile, m.WallSeconds)
			if limit.exceeded(m.Rejects.Records+m.Rejects.Inputs, m.Counts.Articles+m.Rejects.Records) {
				return &exitError{ExitTooManyBad, fmt.Errorf("%d rejected records and inputs exceed --max-rejects %s", m.Rejects.Records+m.Rejects.Inputs, maxRejects)}
			}
			return nil
		},
	}
	cf.add(c)
	c.Flags().StringVarP(&out, "out", "o", "out", "output directory (created; must not exist unless --overwrite)")
	c.Flags().BoolVar(&overwrite, "overwrite", false, "replace the output directory if it exists")
	c.Flags().StringVar(&maxRejects, "max-rejects", "", "exit with code 3 when more records are rejected than N, or than P% of all records (e.g. 10 or 0.5%); default: no limit")
	c.Flags().BoolVarP(&verbose, "verbose", "v", false, "log per-stage counters to stderr")
	prof.add(c)
	return c
}

// rejectLimit is a parsed --max-rejects.
type rejectLimit struct {
	set     bool
	count   int64
	percent float64
	isPct   bool
}

func parseMaxRejects(s string) (rejectLimit, error) {
	if s == "" {
		return rejectLimit{}, nil
	}
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || f < 0 || f > 100 {
			return rejectLimit{}, fmt.Errorf("--max-rejects %q: want a count (10) or a percentage between 0%% and 100%% (0.5%%)", s)
		}
		return rejectLimit{set: true, percent: f, isPct: true}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return rejectLimit{}, fmt.Errorf("--max-rejects %q: want a count (10) or a percentage (0.5%%)", s)
	}
	return rejectLimit{set: true, count: n}, nil
}

// exceeded reports whether rejected out of total breaks the limit.
func (l rejectLimit) exceeded(rejected, total int64) bool {
	if !l.set {
		return false
	}
	if l.isPct {
		if total == 0 {
			return rejected > 0
		}
		return float64(rejected)*100/float64(total) > l.percent
	}
	return rejected > l.count
}

func newEvaluateCmd(stdin io.Reader, environ []string) *cobra.Command {
	var (
		cf            configFlags
		disagreements string
		mins          []string
	)
	c := &cobra.Command{
		Use:   "evaluate [--config FILE] [--min FIGURE=VALUE]... [--disagreements FILE] LABELS...",
		Short: "Measure the stance stage on sentences you labelled",
		Long: `Evaluate scores the stance stage, as the configuration sets it up (camps,
axis, actor lexicon, publishers), on labelled documents, and prints camp
precision and recall, speaker accuracy, favour accuracy and the axis
macro-F1, each with a 95% bootstrap interval, per camp and per axis label,
and the axis confusion matrix: the figures docs/stance.md §8 reports for our
own sets, for sentences of yours.

LABELS are files of JSON Lines (or - for standard input), one document per
line: {"id", "source", "url", "date", "sentences": [{"text", "headline",
"camps", "speaker", "favour", "axis", "sentiment"}]}, the format of
testdata/stance/*.jsonl that testdata/stance/README.md describes. A
document's text is its sentences joined by a space (a blank line after a
headline); they are scored as given, not split again. Labels must use the
configured camps and axis labels; the first that does not stops the
evaluation with an error naming its file, line and field.

--disagreements FILE writes one JSON object per sentence whose result
differs from its labels: file, line, document, sentence (its index), text,
the stage's camps, speaker, favour and axis label, its score, and why (the
disagreements, e.g. "missed camp west", "axis neutral (0.00) want
pro_west").

Exit codes: 0 the figures were printed (and met every --min), 2 usage,
configuration or label error, 4 a figure is below its --min.`,
		Example: `  stancepipe evaluate testdata/stance/*.jsonl
  stancepipe evaluate --config my.yaml --min axis_macro_f1=0.7 --disagreements wrong.jsonl gold.jsonl`,
		Args: atLeastOne("evaluate: give at least one label file"),
		RunE: func(c *cobra.Command, args []string) error {
			floors, err := parseMins(mins)
			if err != nil {
				return usageError(err)
			}
			cfg, err := cf.load(environ)
			if err != nil {
				return err
			}
			opts := pipeline.EvalOptions{Labels: args, Stdin: stdin}
			var dis *os.File
			if disagreements != "" {
				if dis, err = os.Create(disagreements); err != nil {
					return usageError(fmt.Errorf("--disagreements: %w", err))
				}
				opts.Disagreements = dis
			}
			res, err := pipeline.Evaluate(c.Context(), cfg, opts)
			if dis != nil {
				if cerr := dis.Close(); cerr != nil && err == nil {
					err = fmt.Errorf("--disagreements: %w", cerr)
				}
			}
			if err != nil {
				var ce *pipeline.ConfigError
				var le *pipeline.LabelError
				switch {
				case errors.As(err, &ce), errors.As(err, &le):
					return usageError(err)
				case c.Context().Err() != nil:
					return &exitError{ExitInterrupted, errors.New("interrupted")}
				}
				return &exitError{ExitFailed, err}
			}
			out := c.OutOrStdout()
			fmt.Fprintf(out, "evaluated %d sentences of %d documents\n", res.Eval.Sentences(), res.Documents)
			if err := res.Eval.Report(out, floors); err != nil {
				return err
			}
			if err := res.Eval.BelowFloors(floors); err != nil {
				return &exitError{ExitBelowMin, err}
			}
			return nil
		},
	}
	cf.add(c)
	c.Flags().StringVar(&disagreements, "disagreements", "", "write each sentence whose result differs from its labels to FILE, one JSON object per line")
	c.Flags().StringArrayVar(&mins, "min", nil, "exit with code 4 when FIGURE is below VALUE, e.g. --min axis_macro_f1=0.7 (repeatable; figures: "+strings.Join(stages.StanceEvalFigures, ", ")+")")
	return c
}

// parseMins parses --min FIGURE=VALUE flags into floors.
func parseMins(mins []string) (map[string]float64, error) {
	floors := map[string]float64{}
	for _, m := range mins {
		k, v, ok := strings.Cut(m, "=")
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || math.IsNaN(f) {
			return nil, fmt.Errorf("--min %q: want FIGURE=VALUE, e.g. axis_macro_f1=0.7", m)
		}
		k = strings.TrimSpace(k)
		if !slices.Contains(stages.StanceEvalFigures, k) {
			return nil, fmt.Errorf("--min %q: no figure %q (%s)", m, k, strings.Join(stages.StanceEvalFigures, ", "))
		}
		floors[k] = f
	}
	return floors, nil
}

func newValidateCmd(environ []string) *cobra.Command {
	var cf configFlags
	c := &cobra.Command{
		Use:   "validate [--config FILE]",
		Short: "Check a config file and the actor lexicon it uses, without running",
		Example: `  stancepipe validate --config configs/default.yaml
  STANCEPIPE_SPLIT_WORKERS=0 stancepipe validate --config my.yaml`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			cfg, err := cf.load(environ)
			if err != nil {
				return err
			}
			if err := pipeline.Check(cfg); err != nil {
				return usageError(err)
			}
			name := cf.file
			if name == "" {
				name = "built-in defaults"
			}
			fmt.Fprintf(c.OutOrStdout(), "%s: ok\n", name)
			return nil
		},
	}
	cf.add(c)
	return c
}

func newConfigCmd(environ []string) *cobra.Command {
	var cf configFlags
	c := &cobra.Command{
		Use:   "config [--config FILE]",
		Short: "Print the effective configuration as YAML",
		Long: `Config prints the configuration a run would use: the defaults, overridden
by the config file, then by STANCEPIPE_* environment variables, then by --set.`,
		Example: `  stancepipe config > my.yaml
  stancepipe config --config my.yaml --set sentiment.enabled=false`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			cfg, err := cf.load(environ)
			if err != nil {
				return err
			}
			b, err := cfg.YAML()
			if err != nil {
				return err
			}
			_, err = c.OutOrStdout().Write(b)
			return err
		},
	}
	cf.add(c)
	return c
}

// usageArgs makes an argument check's error a usage error.
// atLeastOne is the Args of a command that needs at least one argument:
// without one it is a usage error, msg.
func atLeastOne(msg string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usageError(errors.New(msg))
		}
		return nil
	}
}

func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usageError(err)
		}
		return nil
	}
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the stancepipe version",
		Example: "  stancepipe version",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			fmt.Fprintf(c.OutOrStdout(), "stancepipe %s (schema %s)\n", buildVersion(), pipeline.SchemaVersion)
			return nil
		},
	}
}
