// Package configs holds the configuration files shipped with stancepipe: the
// default pipeline config and the default actor lexicon, embedded in the
// binary so that it runs without any file beside it.
package configs

import _ "embed"

// Default is configs/default.yaml: every config key with its default value.
//
//go:embed default.yaml
var Default []byte

// Actors is configs/actors.yaml: the default actor lexicon of the stance
// stage.
//
//go:embed actors.yaml
var Actors []byte
