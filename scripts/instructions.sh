#!/usr/bin/env bash
# scripts/instructions.sh: instructions a run executes, counted by valgrind's
# callgrind. Run with --help for what it does.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: scripts/instructions.sh [OPTIONS] [-- RUN-ARGS...]

Builds stancepipe, makes (or reuses) a corpus of MB megabytes of article
text as scripts/bench.sh does, and runs the pipeline on it twice under
valgrind's callgrind: the full configuration and the same with stance off.
It prints the instructions each run executed and what stance adds, as a
share of the no-stance run's.

Instruction counts measure CPU work without the noise of a shared machine:
the same binary on the same corpus gives the same count to within about 1%
(what varies is garbage collection and scheduling), where wall time can
swing by half within minutes. Use them to compare two versions of the code;
they do not see cache misses or stalls, so time (scripts/bench.sh) remains
what the targets are measured on.

Options:
  --mb N         corpus size in MB of article text (default 20: about a
                 minute per run under callgrind)
  --top K        also list the K functions whose own instruction count
                 grows most from the no-stance run to the full run
  --keep DIR     keep the callgrind outputs (callgrind-full.out,
                 callgrind-no-stance.out) in DIR, for callgrind_annotate
  --cache-dir D  where corpora are kept (as scripts/bench.sh)
  -h, --help     show this help
Arguments after -- are passed to both runs (e.g. -- --set stance.context=3).

The runs use GOMAXPROCS=1 and GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off:
callgrind stops on the signals Go uses to preempt goroutines, and valgrind
3.19 cannot execute the RDTSCP instruction the runtime would otherwise use.
Needs bash, go, jq, awk and valgrind (callgrind_annotate for --top).
EOF
}

die() {
	echo "instructions.sh: $*" >&2
	exit 2
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_dir=${STANCEPIPE_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stancepipe-bench}
mb=20
top=0
keep=""
run_args=()
while [ $# -gt 0 ]; do
	case $1 in
	--mb) mb=${2:?}; shift 2 ;;
	--top) top=${2:?}; shift 2 ;;
	--keep) keep=${2:?}; shift 2 ;;
	--cache-dir) cache_dir=${2:?}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; run_args=("$@"); break ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
[[ $mb =~ ^[0-9]+$ && $mb -gt 0 ]] || die "--mb: want a positive whole number, got $mb"
[[ $top =~ ^[0-9]+$ ]] || die "--top: want a whole number, got $top"
for c in go jq awk valgrind; do
	command -v "$c" >/dev/null || die "needs $c"
done
[ "$top" = 0 ] || command -v callgrind_annotate >/dev/null || die "--top needs callgrind_annotate"

shared=${STANCEPIPE_SHARED:-$repo/../shared}
src=$shared/corpus/ukraine_news.jsonl.gz
[ -f "$src" ] || die "no $src (set STANCEPIPE_SHARED)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${keep:-$work}
mkdir -p "$out" "$cache_dir"

(cd "$repo" && go build -o "$work/stancepipe" ./cmd/stancepipe && go build -o "$work/mkcorpus" ./scripts/mkcorpus)
corpus=$cache_dir/ukraine_news-${mb}MB.jsonl.gz
"$work/mkcorpus" -src "$src" -mb "$mb" -out "$corpus" >/dev/null
echo "commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown), corpus $corpus"

# count LABEL ARGS... runs the pipeline under callgrind and prints the
# instruction total. Valgrind's exit status is the program's.
count() {
	local label=$1
	shift
	if ! GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off \
		valgrind --tool=callgrind --callgrind-out-file="$out/callgrind-$label.out" \
		"$work/stancepipe" run --out "$work/out-$label" --overwrite "$@" ${run_args[@]+"${run_args[@]}"} "$corpus" \
		>"$work/$label.log" 2>&1; then
		tail -20 "$work/$label.log" >&2
		die "the $label run failed"
	fi
	awk '/I *refs:/ {gsub(",", "", $NF); print $NF}' "$work/$label.log"
}

full=$(count full)
nostance=$(count no-stance --set stance.enabled=false)
awk -v f="$full" -v n="$nostance" 'BEGIN {
	printf "%-10s %14s\n", "run", "instructions"
	printf "%-10s %14.0f\n", "full", f
	printf "%-10s %14.0f\n", "no-stance", n
	printf "stance adds %.1f%% to the no-stance run (a 30%% throughput cost at equal speed per instruction is 42.9%%)\n", (f - n) / n * 100
}'

if [ "$top" != 0 ]; then
	# Own (exclusive) counts per function, with callgrind's recursion
	# suffixes ('2) folded into the function.
	selfcounts() {
		callgrind_annotate --inclusive=no --auto=no --threshold=100 "$1" 2>/dev/null |
			awk '$1 ~ /^[0-9,]+$/ && $2 ~ /^\(/ && / \[/ && !/PROGRAM TOTALS/ {
				n = $1; gsub(",", "", n)
				f = $0; sub(/ \[.*$/, "", f); sub(/^[^:]*:/, "", f); sub(/\047[0-9]+$/, "", f)
				c[f] += n
			} END { for (f in c) printf "%s\t%s\n", c[f], f }'
	}
	selfcounts "$out/callgrind-full.out" >"$work/full.tsv"
	selfcounts "$out/callgrind-no-stance.out" >"$work/no-stance.tsv"
	echo "functions adding the most instructions with stance on (millions):"
	awk -F'\t' 'NR == FNR {base[$2] = $1; next} {d = $1 - base[$2]; if (d > 0) printf "%10.1f  %s\n", d / 1e6, $2}' \
		"$work/no-stance.tsv" "$work/full.tsv" | sort -rn | head -n "$top"
fi
