package stages

import "testing"

// controlMaxTilted is the most sentences of the BBC control set (news of
// 2004-05 on business, politics, sport, technology and entertainment,
// 37,358 sentences) that may come out pro_moscow or pro_west. Reached on
// 2026-11-30 with configs/actors.yaml (691 actors): 23 sentences (15
// pro_west, 8 pro_moscow), of which a reading by the guide finds about 5
// right (Russia refusing to abide by a US court's rulings, and "the
// Russian government ignored a US court order", Ukraine's new
// president defeating a Moscow-backed candidate) and the rest wrong (the
// Yukos affair's lawyers and courts, sports results against Russia, a
// company's sales in Russia and Poland, and, since a surname counts after
// the full name, "Mr Brown's plan" for African debt relief).
const controlMaxTilted = 23

// TestStanceControlSet measures how often the method tilts the axis on
// news that is not about the confrontation: the BBC control corpus, scored
// as a run scores it. Almost none of its sentences put Moscow against the
// West, so nearly every tilted sentence is a false positive, and the test
// fails when more come out tilted than today.
func TestStanceControlSet(t *testing.T) {
	arts := stReadCorpus(t, "corpus/general_news.jsonl.gz")
	st, err := NewStance(DefaultStanceConfig(), stanceBenchLexicon(t))
	if err != nil {
		t.Fatal(err)
	}
	splitScored(t, arts)
	stScoreParallel(t, st, arts)
	var sentences, withCamps int
	labels := map[string]int{}
	for _, a := range arts {
		for i := range a.Sentences {
			s := &a.Sentences[i].Stance
			sentences++
			if len(s.Camps) > 0 {
				withCamps++
			}
			labels[s.Label]++
		}
	}
	if sentences == 0 || labels["neutral"] == 0 {
		t.Fatalf("no sentences scored: %d sentences, labels %v", sentences, labels)
	}
	tilted := labels["pro_moscow"] + labels["pro_west"]
	t.Logf("BBC control set: %d sentences, %d with a camp; %d tilted (%.3f%% of all, %.2f%% of those with a camp): %d pro_moscow, %d pro_west",
		sentences, withCamps, tilted, 100*float64(tilted)/float64(sentences), 100*float64(tilted)/float64(withCamps),
		labels["pro_moscow"], labels["pro_west"])
	if tilted > controlMaxTilted {
		t.Errorf("%d control sentences tilted, more than the %d allowed", tilted, controlMaxTilted)
	}
}
