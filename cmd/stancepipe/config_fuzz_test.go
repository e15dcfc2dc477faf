package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadConfig feeds arbitrary YAML to the config loader: it must return
// a config that validates, or an error naming the file, and never panic.
func FuzzLoadConfig(f *testing.F) {
	if b, err := os.ReadFile("../../configs/default.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("split:\n  workers: 2\n  newlines: wrap\n"))
	f.Add([]byte("sentiment:\n  lexicon: {sanctions: -1.5}\n"))
	f.Add([]byte("stance: [1, 2]\n"))
	f.Add([]byte("output: {format: both, batch_rows: '7'}\n"))
	f.Add([]byte("&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "cfg.yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(p, nil, nil)
		if err != nil {
			if !strings.Contains(err.Error(), p) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("loadConfig accepted a config that does not validate: %v", err)
		}
	})
}
