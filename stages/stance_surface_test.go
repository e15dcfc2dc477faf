package stages

import (
	"testing"
	"unsafe"
)

// TestStanceSurfaceInterned checks that a mention spelled as the lexicon
// spells the surface gets the lexicon's string (so the writer's dictionary
// finds it by address), and one with a title word a slice of the article,
// both with the article's bytes. A mention whose tokens are a surface's
// but whose spacing differs keeps the article's spelling.
func TestStanceSurfaceInterned(t *testing.T) {
	s := newTestStance(t, "")
	a := stanceArticle("2022-02-10", "Putin met President Zelenskyy and the Kremlin said nothing, Vladimir\tPutin added.")
	if err := s.ScoreArticle(a); err != nil {
		t.Fatal(err)
	}
	inText := func(v string) bool {
		lo := uintptr(unsafe.Pointer(unsafe.StringData(a.Text)))
		p := uintptr(unsafe.Pointer(unsafe.StringData(v)))
		return lo <= p && p < lo+uintptr(len(a.Text))
	}
	want := []struct {
		surface string
		inText  bool
	}{{"Putin", false}, {"President Zelenskyy", true}, {"Kremlin", false}, {"Vladimir\tPutin", true}}
	if len(a.Mentions) != len(want) {
		t.Fatalf("mentions %+v, want %d", a.Mentions, len(want))
	}
	for k, w := range want {
		m := a.Mentions[k]
		if m.Surface != w.surface || m.Surface != a.Text[m.ByteStart:m.ByteEnd] {
			t.Errorf("mention %d: surface %q, want %q = text[%d:%d]", k, m.Surface, w.surface, m.ByteStart, m.ByteEnd)
		}
		if inText(m.Surface) != w.inText {
			t.Errorf("mention %d %q: a slice of the article is %v, want %v", k, m.Surface, inText(m.Surface), w.inText)
		}
	}
}
