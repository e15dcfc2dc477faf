package main

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/stancepipe/stancepipe/configs"
	"github.com/stancepipe/stancepipe/pipeline"
)

// envPrefix is the prefix of environment overrides: STANCEPIPE_SPLIT_WORKERS
// sets split.workers.
const envPrefix = "STANCEPIPE"

// loadConfig builds the effective configuration. Precedence, highest first:
// --set flags, STANCEPIPE_* environment variables, the config file, and the
// defaults of configs/default.yaml (embedded). Unknown keys in the file or
// in --set are errors naming the key and the file; bad values name the
// dotted key, the value and what was expected.
func loadConfig(file string, sets []string, environ []string) (pipeline.Config, error) {
	var cfg pipeline.Config
	defaults, err := flatten(configs.Default)
	if err != nil {
		return cfg, fmt.Errorf("embedded default.yaml: %w", err)
	}
	v := viper.New()
	for k, val := range defaults {
		v.SetDefault(k, val)
	}
	source := "defaults"
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return cfg, err
		}
		keys, err := flatten(data)
		if err != nil {
			return cfg, fmt.Errorf("%s: %w", file, err)
		}
		if err := checkKeys(keys, defaults); err != nil {
			return cfg, fmt.Errorf("%s: %w", file, err)
		}
		v.SetConfigType("yaml")
		if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
			return cfg, fmt.Errorf("%s: %w", file, err)
		}
		source = file
	}
	// Environment variables, read from environ (not the process) so that
	// tests are hermetic.
	for _, kv := range environ {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, envPrefix+"_") {
			continue
		}
		key, known := envKey(name, defaults)
		if !known && !namesSection(name, defaults) {
			continue // not a config variable (e.g. STANCEPIPE_SHARED for tests)
		}
		if !known {
			return cfg, fmt.Errorf("environment variable %s: no such config key (keys are STANCEPIPE_<SECTION>_<KEY>, e.g. STANCEPIPE_SPLIT_WORKERS)", name)
		}
		v.Set(key, val)
	}
	for _, s := range sets {
		key, val, ok := strings.Cut(s, "=")
		if !ok {
			return cfg, fmt.Errorf("--set %q: want key=value", s)
		}
		key = strings.TrimSpace(key)
		if _, known := defaults[key]; !known && !underFreeMap(key, defaults) {
			return cfg, fmt.Errorf("--set %s: unknown key %q", s, key)
		}
		var parsed any
		if err := yaml.Unmarshal([]byte(val), &parsed); err != nil || parsed == nil {
			parsed = val
		}
		v.Set(key, parsed)
	}
	err = v.UnmarshalExact(&cfg, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToSliceHookFunc(","),
		mapstructure.StringToTimeDurationHookFunc(),
	)))
	if err != nil {
		return cfg, fmt.Errorf("%s: %w", source, cleanDecodeError(err, v))
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s: %w", source, err)
	}
	return cfg, nil
}

// flatten decodes YAML into dotted keys and leaf values. A map with no
// entries is a leaf (a free-form map such as a lexicon), and so is a list.
func flatten(data []byte) (map[string]any, error) {
	var root map[string]any
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	out := map[string]any{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, val := range m {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			if sub, ok := val.(map[string]any); ok && len(sub) > 0 {
				walk(key, sub)
				continue
			}
			out[key] = val
		}
	}
	walk("", root)
	return out, nil
}

// checkKeys reports every key of a user file that the defaults lack.
func checkKeys(keys, defaults map[string]any) error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if _, ok := defaults[k]; ok || underFreeMap(k, defaults) {
			continue
		}
		msg := fmt.Sprintf("unknown key %q", k)
		if s := suggest(k, defaults); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		errs = append(errs, errors.New(msg))
	}
	return errors.Join(errs...)
}

// underFreeMap reports whether key lies inside a free-form map of the
// defaults (a key whose default is an empty map, such as sentiment.lexicon).
func underFreeMap(key string, defaults map[string]any) bool {
	for i := strings.LastIndexByte(key, '.'); i > 0; i = strings.LastIndexByte(key[:i], '.') {
		if m, ok := defaults[key[:i]].(map[string]any); ok && len(m) == 0 {
			return true
		}
	}
	return false
}

// envKey maps STANCEPIPE_SPLIT_NEWLINES to split.newlines. Keys contain
// underscores themselves, so the match is made against the known keys.
func envKey(name string, defaults map[string]any) (string, bool) {
	want := strings.ToLower(strings.TrimPrefix(name, envPrefix+"_"))
	for k := range defaults {
		if strings.ReplaceAll(k, ".", "_") == want {
			return k, true
		}
	}
	return "", false
}

// namesSection reports whether an environment variable's name starts with
// a config section (STANCEPIPE_SPLIT_...): such a variable that matches no
// key is a typo worth an error.
func namesSection(name string, defaults map[string]any) bool {
	rest := strings.ToLower(strings.TrimPrefix(name, envPrefix+"_"))
	for k := range defaults {
		section, _, _ := strings.Cut(k, ".")
		if strings.HasPrefix(rest, section+"_") {
			return true
		}
	}
	return false
}

// suggest returns the known key closest to k when it is a likely typo.
func suggest(k string, defaults map[string]any) string {
	best, bestD := "", 3
	for d := range defaults {
		if dist := levenshtein(k, d); dist < bestD {
			best, bestD = d, dist
		}
	}
	return best
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// cleanDecodeError rewrites mapstructure's messages to start with the
// dotted key and to show the offending value:
// "engine.channel_size: cannot parse value as 'int' (got "many")".
func cleanDecodeError(err error, v *viper.Viper) error {
	var errs []error
	msg := strings.TrimPrefix(err.Error(), "decoding failed due to the following error(s):")
	for _, line := range strings.Split(msg, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "'"); ok {
			if key, tail, ok := strings.Cut(rest, "' "); ok {
				tail, _, _ = strings.Cut(tail, ": strconv.")
				switch val := v.Get(key).(type) {
				case map[string]any, []any:
					line = fmt.Sprintf("%s: %s", key, tail)
				default:
					line = fmt.Sprintf("%s: %s (got %q)", key, tail, fmt.Sprint(val))
				}
			}
		}
		errs = append(errs, errors.New(line))
	}
	return errors.Join(errs...)
}
