// Package stages holds the per-item work of the pipeline: reading articles,
// splitting them into sentences, scoring sentiment and stance, and writing the
// dataset. It knows nothing of channels, goroutines or configuration files;
// package pipeline wires these pieces together.
package stages
