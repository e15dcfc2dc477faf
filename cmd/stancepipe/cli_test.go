package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stancepipe/stancepipe/pipeline"
)

const sample = "../../testdata/corpus/articles.jsonl"

// cli runs the program as a user would and returns its exit code and output.
func cli(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb, env)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultYAMLIsDefaultConfig(t *testing.T) {
	got, err := loadConfig("", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	gy, err := got.YAML()
	if err != nil {
		t.Fatal(err)
	}
	wy, err := pipeline.DefaultConfig().YAML()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gy, wy) {
		t.Fatalf("configs/default.yaml and pipeline.DefaultConfig() disagree:\nyaml:\n%s\ngo:\n%s", gy, wy)
	}
}

// TestEveryShippedConfigLoads loads every YAML file in configs/ that is a
// pipeline config (the actor lexicon is checked by validate).
func TestEveryShippedConfigLoads(t *testing.T) {
	files, _ := filepath.Glob("../../configs/*.yaml")
	n := 0
	for _, f := range files {
		if filepath.Base(f) == "actors.yaml" {
			continue
		}
		n++
		if code, _, errs := cli(t, nil, "validate", "--config", f); code != ExitOK {
			t.Errorf("%s: exit %d: %s", f, code, errs)
		}
	}
	if n == 0 {
		t.Fatal("no config files found in configs/")
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		env  []string
		sets []string
		want []string // substrings of the error
	}{
		{name: "unknown section", yaml: "splitt:\n  workers: 2\n", want: []string{"cfg.yaml", `unknown key "splitt.workers"`}},
		{name: "unknown key with suggestion", yaml: "split:\n  wrokers: 2\n", want: []string{"cfg.yaml", `unknown key "split.wrokers"`, `did you mean "split.workers"`}},
		{name: "negative workers", yaml: "split:\n  workers: -1\n", want: []string{"cfg.yaml", "split.workers: must be >= 0", "got -1"}},
		{name: "wrong type", yaml: "engine:\n  channel_size: many\n", want: []string{"cfg.yaml", "engine.channel_size", "many"}},
		{name: "bad compression", yaml: "output:\n  compression: lz5\n", want: []string{"output.compression: must be one of zstd, snappy, none", `"lz5"`}},
		{name: "bad utf8 policy", yaml: "read:\n  invalid_utf8: ignore\n", want: []string{"read.invalid_utf8", `"ignore"`}},
		{name: "zero channel", yaml: "engine:\n  channel_size: 0\n", want: []string{"engine.channel_size: must be >= 1 (got 0)"}},
		{name: "tiny memory limit", yaml: "engine:\n  memory_limit: 1000\n", want: []string{"engine.memory_limit: must be 0 (no limit) or at least 33554432 bytes (32 MiB) (got 1000)"}},
		{name: "bad env value", yaml: "{}\n", env: []string{"STANCEPIPE_ENGINE_CHANNEL_SIZE=-3"}, want: []string{"engine.channel_size: must be >= 1 (got -3)"}},
		{name: "unknown env key", yaml: "{}\n", env: []string{"STANCEPIPE_SPLIT_WOKERS=3"}, want: []string{"STANCEPIPE_SPLIT_WOKERS", "no such config key"}},
		{name: "unknown --set key", yaml: "{}\n", sets: []string{"split.wrk=1"}, want: []string{`unknown key "split.wrk"`}},
		{name: "malformed yaml", yaml: "split: [\n", want: []string{"cfg.yaml"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "cfg.yaml", tc.yaml)
			_, err := loadConfig(path, tc.sets, tc.env)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestConfigPrecedence(t *testing.T) {
	path := writeFile(t, "cfg.yaml", "split:\n  workers: 3\nengine:\n  channel_size: 5\noutput:\n  batch_rows: 7\n")
	env := []string{"STANCEPIPE_ENGINE_CHANNEL_SIZE=9", "STANCEPIPE_OUTPUT_BATCH_ROWS=11", "HOME=/root"}
	cfg, err := loadConfig(path, []string{"output.batch_rows=13"}, env)
	if err != nil {
		t.Fatal(err)
	}
	// file beats default; env beats file; --set beats env; untouched keys keep defaults.
	if cfg.Split.Workers != 3 || cfg.Engine.ChannelSize != 9 || cfg.Output.BatchRows != 13 {
		t.Fatalf("got split.workers=%d engine.channel_size=%d output.batch_rows=%d, want 3, 9, 13",
			cfg.Split.Workers, cfg.Engine.ChannelSize, cfg.Output.BatchRows)
	}
	if cfg.Output.Compression != "zstd" || cfg.Read.Fields.Text != "text" {
		t.Fatalf("defaults lost: %+v", cfg)
	}
}

func TestConfigCommandPrintsEffectiveYAML(t *testing.T) {
	code, out, errs := cli(t, []string{"STANCEPIPE_SPLIT_WORKERS=4"}, "config", "--set", "output.compression=snappy")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"split:\n", "workers: 4", "compression: snappy"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	// What config prints loads back as the same config.
	path := writeFile(t, "eff.yaml", out)
	if code, _, errs := cli(t, nil, "validate", "--config", path); code != ExitOK {
		t.Fatalf("printed config does not validate: %s", errs)
	}
}

func TestExitCodes(t *testing.T) {
	outDir := func() string { return filepath.Join(t.TempDir(), "out") }
	bad := writeFile(t, "bad.jsonl", `{"id":"a","text":"A fine sentence here."}`+"\nnot json\n{\"id\":\"c\"}\n")
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"ok", []string{"run", "--out", outDir(), sample}, ExitOK},
		{"no input", []string{"run", "--out", outDir()}, ExitUsage},
		{"missing input", []string{"run", "--out", outDir(), "/no/such/file.jsonl"}, ExitUsage},
		{"unsupported input", []string{"run", "--out", outDir(), writeFile(t, "x.png", "")}, ExitUsage},
		{"unknown flag", []string{"run", "--bogus", sample}, ExitUsage},
		{"unknown command", []string{"frobnicate"}, ExitUsage},
		{"bad max-rejects", []string{"run", "--max-rejects", "lots", "--out", outDir(), sample}, ExitUsage},
		{"within max-rejects", []string{"run", "--max-rejects", "2", "--out", outDir(), bad}, ExitOK},
		{"over max-rejects", []string{"run", "--max-rejects", "1", "--out", outDir(), bad}, ExitTooManyBad},
		{"over max-rejects percent", []string{"run", "--max-rejects", "50%", "--out", outDir(), bad}, ExitTooManyBad},
		{"validate extra arg", []string{"validate", "x"}, ExitUsage},
		{"version", []string{"version"}, ExitOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := cli(t, nil, tc.args...)
			if code != tc.want {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.want, errs)
			}
		})
	}
}

func TestRunRefusesExistingOutput(t *testing.T) {
	out := t.TempDir() // exists
	code, _, errs := cli(t, nil, "run", "--out", out, sample)
	if code != ExitUsage || !strings.Contains(errs, "--overwrite") {
		t.Fatalf("exit %d, stderr %q; want exit 2 mentioning --overwrite", code, errs)
	}
	if code, _, errs := cli(t, nil, "run", "--overwrite", "--out", out, sample); code != ExitOK {
		t.Fatalf("--overwrite: exit %d: %s", code, errs)
	}
}

func TestEveryCommandHasHelpWithExample(t *testing.T) {
	for _, cmd := range []string{"run", "validate", "config", "version"} {
		code, out, _ := cli(t, nil, cmd, "--help")
		if code != ExitOK || !strings.Contains(out, "Examples:") {
			t.Errorf("%s --help: exit %d, no example:\n%s", cmd, code, out)
		}
	}
	_, out, _ := cli(t, nil, "--help")
	if !strings.Contains(out, "Exit codes:") {
		t.Errorf("root help does not document exit codes:\n%s", out)
	}
}

// TestRunSampleQuiet runs the README's first command: the bundled sample
// with the default config must succeed without a warning (a short run once
// warned that collection took half its CPU, which was start-up).
func TestRunSampleQuiet(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, errs := cli(t, nil, "run", "--out", out, sample)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(errs, "WARN") {
		t.Errorf("the sample run warned:\n%s", errs)
	}
}

// TestRunWritesProfiles checks run's profile flags: each file is written
// and is what its reader expects (pprof's gzip'd protocol buffers, the
// execution tracer's header).
func TestRunWritesProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem, tr := filepath.Join(dir, "cpu.out"), filepath.Join(dir, "mem.out"), filepath.Join(dir, "trace.out")
	code, _, errs := cli(t, nil, "run", "--out", filepath.Join(dir, "out"), "--cpuprofile", cpu, "--memprofile", mem, "--trace", tr, sample)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []struct {
		path, prefix string
	}{{cpu, "\x1f\x8b"}, {mem, "\x1f\x8b"}, {tr, "go 1."}} {
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(f.prefix)) {
			t.Errorf("%s: %d bytes starting %q, want a file starting %q", filepath.Base(f.path), len(b), b[:min(len(b), 8)], f.prefix)
		}
	}
}

// evaluate scores the stance stage on labelled documents: the figures on
// standard output, a bad label or flag as a usage error naming it, a
// figure under --min as exit code 4.
func TestEvaluate(t *testing.T) {
	labels := "../../testdata/stance/press_release.jsonl"
	code, out, errOut := cli(t, nil, "evaluate", labels)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"evaluated ", "  camp_precision    ", "  axis_macro_f1     ", "axis confusion (rows gold"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	dis := filepath.Join(t.TempDir(), "dis.jsonl")
	code, _, errOut = cli(t, nil, "evaluate", "--min", "camp_precision=0.5", "--min", "axis_macro_f1=1.01", "--disagreements", dis, labels)
	if code != ExitBelowMin || !strings.Contains(errOut, "axis_macro_f1 = ") || strings.Contains(errOut, "camp_precision") {
		t.Errorf("--min above the figure: exit %d, stderr %q", code, errOut)
	}
	b, err := os.ReadFile(dis)
	if err != nil || !strings.Contains(string(b), `"why":[`) || !strings.Contains(string(b), `"file":"`+labels+`"`) {
		t.Errorf("disagreements file: %v\n%s", err, b)
	}

	bad := writeFile(t, "bad.jsonl", `{"id": "a", "sentences": [{"text": "Russia spoke.", "camps": ["moscow"], "speaker": null, "favour": {"moscow": 0}, "axis": "neutral", "sentiment": 0}]}
{"id": "b", "sentences": [{"text": "Mars spoke.", "camps": ["mars"], "speaker": null, "favour": {"mars": 0}, "axis": "neutral", "sentiment": 0}]}
`)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"evaluate", bad}, `bad.jsonl:2: document "b", sentence 0: camps: "mars" is no configured camp`},
		{[]string{"evaluate"}, "give at least one label file"},
		{[]string{"evaluate", "--min", "axis=0.5", labels}, `no figure "axis"`},
		{[]string{"evaluate", "--min", "axis_macro_f1", labels}, "want FIGURE=VALUE"},
		{[]string{"evaluate", "--set", "stance.enabled=false", labels}, "stance.enabled: false"},
		{[]string{"evaluate", "no/such/file.jsonl"}, "no/such/file.jsonl"},
	} {
		code, _, errOut := cli(t, nil, c.args...)
		if code != ExitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errOut, ExitUsage, c.want)
		}
	}
}
