//go:build !race

package stages

// vaderRaceEnabled is true when the race detector is on.
const vaderRaceEnabled = false
