package stages

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestStanceWordTableShortCollisions covers the word table's check of words
// of 9 to 16 bytes, which compares the first 8 bytes and trusts the
// unfinished hash for the rest. "Qbcdefghijkl" + "Mnop" differs from
// "Abcdefghijkl" + "mnop" by 0x10 in its first byte and 0x20 in its 13th,
// which cancel in the hash: same length, same hash, so the same slot. As a
// sentence word the first must not be taken for the second, and when both
// are surfaces each must be found as itself.
func TestStanceWordTableShortCollisions(t *testing.T) {
	const key, twin = "Abcdefghijklmnop", "QbcdefghijklMnop"
	if stHashBytes(key) != stHashBytes(twin) {
		t.Fatal("the words' unfinished hashes differ: the test no longer covers collisions")
	}
	write := func(body string) string {
		f := filepath.Join(t.TempDir(), "extra.yaml")
		if err := os.WriteFile(f, []byte("version: 1\nactors:\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	mentions := func(s *Stance, text string) []string {
		a := stanceArticle("2022-02-10", text)
		if err := s.ScoreArticle(a); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range a.Mentions {
			got = append(got, m.Surface+"="+m.Actor)
		}
		return got
	}

	one := newTestStance(t, "extra_actors: ["+write(
		"  - {id: alpha_group, name: A, camp: west, code: X, kind: group, surfaces: ["+key+"]}\n")+"]")
	if id := one.m.words.id(twin); id != 0 {
		t.Errorf("word table: %q found as id %d (%q)", twin, id, one.m.words.entries[id].key)
	}
	if got, want := mentions(one, twin+" met "+key+"."), []string{key + "=alpha_group"}; !slices.Equal(got, want) {
		t.Errorf("one surface: mentions %v, want %v", got, want)
	}

	both := newTestStance(t, "extra_actors: ["+write(
		"  - {id: alpha_group, name: A, camp: west, code: X, kind: group, surfaces: ["+key+"]}\n"+
			"  - {id: beta_group, name: B, camp: moscow, code: X, kind: group, surfaces: ["+twin+"]}\n")+"]")
	if len(both.m.words.collide) == 0 {
		t.Fatal("the two surfaces do not share a slot: the test no longer covers collisions")
	}
	got := mentions(both, twin+" met "+key+" and Qbcdefghijklmnop.")
	if want := []string{twin + "=beta_group", key + "=alpha_group"}; !slices.Equal(got, want) {
		t.Errorf("two surfaces: mentions %v, want %v", got, want)
	}
}
