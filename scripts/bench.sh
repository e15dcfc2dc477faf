#!/usr/bin/env bash
# scripts/bench.sh: the end-to-end benchmark of stancepipe (issue 8).
# Run with --help for what it does; docs/performance.md has the results.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: scripts/bench.sh [OPTIONS] [MB...]

Builds stancepipe, makes a corpus of MB megabytes of article text (1 MB =
10^6 bytes; default 200) by repeating the shared ukraine_news.jsonl.gz with
fresh ids, and runs on it:

  full     every stage on, default config, Parquet output
  floor    read, split and write only (sentiment and stance disabled)
  no-stance every stage but stance (for issue 5: stance may cost at most
           30% of the full run's throughput)
  1-worker every stage on, one worker per split/sentiment/stance stage
  2-worker the same with two workers each (the full run is reused when its
           stages already had two workers, as on a 2-CPU machine)

It prints one table (one row per run and size), the ratios full/floor and
2-worker/1-worker speed, and each target with PASS or FAIL. Give several
sizes (e.g. `scripts/bench.sh 200 1000`) to also check that peak RSS stays
within 10% from the smallest to the largest corpus.

Corpora are cached outside the repository and reused when they match the
request; run outputs go to a temporary directory that is removed at exit.

Options:
  --cache-dir DIR    where corpora are kept (default: $STANCEPIPE_BENCH_CACHE,
                     else ${XDG_CACHE_HOME:-$HOME/.cache}/stancepipe-bench)
  --profile-dir DIR  on the smallest corpus, repeat the full run with
                     --cpuprofile DIR/cpu-<MB>MB.pprof (the binary goes to
                     DIR/stancepipe), print the top 15 lines of
                     `go tool pprof -top` and the CPU time by stage; the
                     table has unprofiled runs only
  --one-core         on the smallest corpus, also run the full configuration
                     with GOMAXPROCS=1 and print how much faster the full
                     run is (a figure, not a target: what the second core buys)
  --save DIR         keep each run's manifest and log, and the results as
                     TSV, in DIR
  --repeat N         run the configurations N times, in N rounds of one
                     run each (default 1), and report each one's fastest
                     run with the highest peak RSS of the N: on a shared
                     machine one run, or a block of runs, says little;
                     with N >= 2 the stance cost is also worked out per
                     round (median and range), from runs seconds apart
  --no-floor         skip the floor runs (and the full/floor target)
  --no-stance-off    skip the no-stance runs (and the stance cost target)
  --no-scaling       skip the 1- and 2-worker runs (and the scaling target)
  -h, --help         show this help

Environment:
  STANCEPIPE_SHARED  the shared data directory (default: ../shared from the
                     repository root); the corpus is corpus/ukraine_news.jsonl.gz
  GO                 the go command (default: go)

Needs bash, go, jq and awk; peak RSS comes from GNU time (/usr/bin/time -v)
or, without it, from the runtime.peak_rss_bytes field of the run's manifest
(Linux; elsewhere it is reported as n/a and its targets are skipped).

Exit status: 0 if every target checked passed, 1 if one failed, 2 on a
usage error, other values if a build or run failed.
EOF
}

die() {
	echo "bench.sh: $*" >&2
	exit 2
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_dir=${STANCEPIPE_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stancepipe-bench}
profile_dir=""
do_floor=1
do_stance_off=1
do_scaling=1
one_core=0
repeat=1
save_dir=""
reused_full=0
sizes=()
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help)
		usage
		exit 0
		;;
	--cache-dir)
		[ $# -ge 2 ] || die "--cache-dir needs a directory"
		cache_dir=$2
		shift 2
		;;
	--profile-dir)
		[ $# -ge 2 ] || die "--profile-dir needs a directory"
		profile_dir=$2
		shift 2
		;;
	--save)
		[ $# -ge 2 ] || die "--save needs a directory"
		save_dir=$2
		shift 2
		;;
	--one-core)
		one_core=1
		shift
		;;
	--repeat)
		[ $# -ge 2 ] || die "--repeat needs a count"
		case $2 in
		'' | *[!0-9]* | 0*) die "--repeat must be a whole number >= 1, got '$2'" ;;
		esac
		repeat=$2
		shift 2
		;;
	--no-floor)
		do_floor=0
		shift
		;;
	--no-scaling)
		do_scaling=0
		shift
		;;
	--no-stance-off)
		do_stance_off=0
		shift
		;;
	-*) die "unknown option $1 (see --help)" ;;
	*)
		case $1 in
		'' | *[!0-9]* | 0*) die "size must be a whole number of MB >= 1, got '$1'" ;;
		esac
		sizes+=("$1")
		shift
		;;
	esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(200)

GO=${GO:-go}
command -v "$GO" >/dev/null || die "go not found (set GO)"
command -v jq >/dev/null || die "jq not found"
shared=${STANCEPIPE_SHARED:-$repo/../shared}
src=$shared/corpus/ukraine_news.jsonl.gz
[ -r "$src" ] || die "cannot read $src (set STANCEPIPE_SHARED)"
gnu_time=""
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
	gnu_time=/usr/bin/time
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/stancepipe-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv
: >"$results"
: >"$work/rows.tsv"

# now prints the time in seconds with a fraction.
now() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		echo "$EPOCHREALTIME"
	else
		date +%s.%N
	fi
}

echo "== machine"
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	commit="$commit (with uncommitted changes)"
fi
echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "commit: $commit"
echo "cpus:   $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN) ($(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown CPU))"
echo "memory: $(awk '/^MemTotal/ {printf "%.1f GB", $2 * 1024 / 1e9}' /proc/meminfo 2>/dev/null || echo unknown)"
echo "go:     $("$GO" version)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1, 5, 15 min)"

echo "== build"
bin=$work/stancepipe
(cd "$repo" && "$GO" build -o "$bin" ./cmd/stancepipe && "$GO" build -o "$work/mkcorpus" ./scripts/mkcorpus)
[ -z "$save_dir" ] || mkdir -p "$save_dir"
if [ -n "$profile_dir" ]; then
	mkdir -p "$profile_dir"
	cp "$bin" "$profile_dir/stancepipe"
fi
echo "built $bin"

# run_one SIZE LABEL CORPUS [ARGS...] runs the pipeline once and appends a
# row to $work/rows.tsv (see run_once), keeping the run's manifest as
# $work/manifest-SIZE-LABEL-REP.json ($rep is the round).
run_one() {
	run_once "$work/rows.tsv" "$@"
	cp "$work/manifest-$1-$2.json" "$work/manifest-$1-$2-$rep.json"
}

# pick_rows SIZE appends to $results one row per configuration run on SIZE,
# in the order they ran: the fastest of its rounds, with the highest peak
# RSS of them all, and leaves that run's manifest as
# $work/manifest-SIZE-LABEL.json.
pick_rows() {
	local size=$1 label best
	for label in $(awk -F'\t' -v s="$size" '$1 == s && !seen[$2]++ {print $2}' "$work/rows.tsv"); do
		best=$(awk -F'\t' -v s="$size" -v l="$label" '$1 == s && $2 == l {n++; if (n == 1 || $6 + 0 < min) {min = $6 + 0; b = n}} END {print b}' "$work/rows.tsv")
		cp "$work/manifest-$size-$label-$best.json" "$work/manifest-$size-$label.json"
		awk -F'\t' -v OFS='\t' -v s="$size" -v l="$label" -v best="$best" '
			$1 != s || $2 != l {next}
			{n++}
			$9 != "n/a" && (rss == "" || $9 + 0 > rss) {rss = $9 + 0}
			n == best {row = $0}
			END {k = split(row, f, "\t"); if (rss != "") f[9] = rss; r = f[1]; for (i = 2; i <= k; i++) r = r OFS f[i]; print r}' "$work/rows.tsv" >>"$results"
	done
}

# run_once ROWS SIZE LABEL CORPUS [ARGS...] runs the pipeline once and
# appends its row (see run_one) to ROWS.
run_once() {
	local results=$1 size=$2 label=$3 corpus=$4
	shift 4
	local out=$work/out timef=$work/time.txt logf=$work/run-$size-$label.log
	rm -rf "$out" "$timef"
	local t0 t1 rc=0
	t0=$(now)
	if [ -n "$gnu_time" ]; then
		"$gnu_time" -v -o "$timef" "$bin" run --out "$out" --overwrite "$@" "$corpus" >"$logf" 2>&1 || rc=$?
	else
		"$bin" run --out "$out" --overwrite "$@" "$corpus" >"$logf" 2>&1 || rc=$?
	fi
	t1=$(now)
	if [ $rc -ne 0 ]; then
		echo "bench.sh: run $label ($size MB) failed with status $rc; its log:" >&2
		tail -20 "$logf" >&2
		exit $rc
	fi
	local manifest=$work/manifest-$size-$label.json
	cp "$out/manifest.json" "$manifest"
	if [ -n "$save_dir" ]; then
		cp "$manifest" "$logf" "$save_dir/"
		[ ! -f "$timef" ] || cp "$timef" "$save_dir/time-$size-$label.txt"
	fi
	rm -rf "$out"
	local rss_kb="" cpu=n/a
	if [ -f "$timef" ]; then
		rss_kb=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$timef")
		cpu=$(awk -F': *' '/Percent of CPU this job got/ {print $2}' "$timef")
	else
		rss_kb=$(jq -r '(.runtime.peak_rss_bytes // empty) / 1024 | floor' "$manifest")
	fi
	local wall
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
	jq -r --arg size "$size" --arg lbl "$label" --arg wall "$wall" --arg rss "${rss_kb:-}" --arg cpu "$cpu" '
		def share(n): ([.stages[] | select(.name != "read") | .busy_seconds] | add) as $tot
			| ([.stages[] | select(.name == n) | .busy_seconds] | first) as $b
			| if $b == null or $tot == 0 then "-" else ($b / $tot * 100 | round | tostring) end;
		($wall | tonumber) as $w
		| [$size, $lbl, .counts.text_bytes / 1e6, .counts.articles, .counts.sentences, $wall,
		   .counts.text_bytes / 1e6 / $w, .counts.sentences / $w,
		   (if $rss == "" then "n/a" else ($rss | tonumber) * 1024 / 1e6 | round end), $cpu,
		   share("split"), share("sentiment"), share("stance"), share("write"),
		   (if .runtime.gc_cpu_share == null then "-" else (.runtime.gc_cpu_share * 100 | round | tostring) end)]
		| @tsv' "$manifest" >>"$results"
	echo "  $label: ${wall}s"
}

# workers_all MANIFEST N succeeds when every split, sentiment and stance
# stage in MANIFEST ran with N workers.
workers_all() {
	jq -e --argjson n "$2" '[.stages[] | select(.name == "split" or .name == "sentiment" or .name == "stance") | .workers]
		| length == 3 and all(. == $n)' "$1" >/dev/null
}

smallest=$(printf '%s\n' "${sizes[@]}" | sort -n | head -1)
for size in "${sizes[@]}"; do
	echo "== corpus of $size MB"
	corpus=$cache_dir/ukraine_news-${size}MB.jsonl.gz
	desc=$("$work/mkcorpus" -src "$src" -mb "$size" -out "$corpus")
	echo "$corpus: $(jq -r '"\(.articles) articles, \(.text_bytes) text bytes, \(.file_bytes) bytes gzip'"'"'d" + (if .reused then " (reused)" else " (made)" end)' <<<"$desc")"
	echo "== runs on $size MB"
	# Rounds run every configuration once, so that a slow spell of a
	# shared machine hits all of them rather than one.
	for ((rep = 1; rep <= repeat; rep++)); do
		[ "$repeat" = 1 ] || echo "  -- round $rep of $repeat"
		run_one "$size" full "$corpus"
		if [ $do_floor = 1 ]; then
			run_one "$size" floor "$corpus" --set sentiment.enabled=false --set stance.enabled=false
		fi
		if [ $do_stance_off = 1 ]; then
			run_one "$size" no-stance "$corpus" --set stance.enabled=false
		fi
		if [ $do_scaling = 1 ]; then
			run_one "$size" 1-worker "$corpus" --set split.workers=1 --set sentiment.workers=1 --set stance.workers=1
			if ! workers_all "$work/manifest-$size-full.json" 2; then
				run_one "$size" 2-worker "$corpus" --set split.workers=2 --set sentiment.workers=2 --set stance.workers=2
			fi
		fi
		if [ $one_core = 1 ] && [ "$size" = "$smallest" ]; then
			GOMAXPROCS=1 run_one "$size" 1-core "$corpus"
		fi
	done
	pick_rows "$size"
	if [ $do_scaling = 1 ] && workers_all "$work/manifest-$size-full.json" 2; then
		awk -F'\t' -v OFS='\t' '$1 == s && $2 == "full" {$2 = "2-worker"; print}' s="$size" "$results" >"$work/row.tsv"
		cat "$work/row.tsv" >>"$results"
		reused_full=1
		echo "  2-worker: the full run (it had 2 workers per stage)"
	fi
	if [ -n "$profile_dir" ] && [ "$size" = "$smallest" ]; then
		rm -rf "$work/out"
		"$bin" run --out "$work/out" --overwrite --cpuprofile "$profile_dir/cpu-${size}MB.pprof" "$corpus" >"$work/profile.log" 2>&1 ||
			{ tail -20 "$work/profile.log" >&2; exit 1; }
		rm -rf "$work/out"
		echo "== CPU profile of the full run on $size MB: go tool pprof -top $profile_dir/stancepipe $profile_dir/cpu-${size}MB.pprof"
		"$GO" tool pprof -top "$profile_dir/stancepipe" "$profile_dir/cpu-${size}MB.pprof" 2>/dev/null |
			awk '/^ *flat  *flat%/ {n = 1; print; next} n == 0 && /^(Duration|Showing)/ {print} n > 0 && n <= 15 {print; n++}' || true
		echo "-- CPU time by stage, from the samples' pprof labels (go tool pprof -tags): the write stage"
		echo "   includes its tables' goroutines, broken down below it; the collector's background work"
		echo "   and the runtime's are unlabelled"
		printf '%-16s %9s %6s %10s\n' stage "CPU s" share "CPU ms/MB"
		pf=$profile_dir/cpu-${size}MB.pprof
		total=$("$GO" tool pprof -top -unit=ms "$profile_dir/stancepipe" "$pf" 2>/dev/null |
			awk '/Total samples/ {for (i = 1; i < NF; i++) if ($i == "=") {sub(/ms$/, "", $(i + 1)); print $(i + 1)}}')
		labelled=0
		for spec in stage=read stage=split stage=sentiment stage=stance stage=write \
			table=articles table=sentences table=mentions; do
			ms=$("$GO" tool pprof -top -nodefraction=0 -unit=ms -tagfocus="${spec%%=*}=^${spec#*=}\$" "$profile_dir/stancepipe" "$pf" 2>/dev/null |
				awk '/^Showing nodes accounting for/ {v = $5; sub(/ms,?$/, "", v); print v}')
			ms=${ms:-0}
			name=${spec#*=}
			case $spec in
			stage=*) labelled=$((labelled + ms)) ;;
			table=*) name="  $name" ;;
			esac
			awk -v name="$name" -v v="$ms" -v total="$total" -v mb="$size" \
				'BEGIN {printf "%-16s %9.2f %5.1f%% %10.1f\n", name, v / 1000, v / total * 100, v / mb}'
		done
		awk -v v="$((total - labelled))" -v total="$total" -v mb="$size" \
			'BEGIN {printf "%-16s %9.2f %5.1f%% %10.1f\n", "unlabelled", v / 1000, v / total * 100, v / mb}'
		awk -v total="$total" -v mb="$size" 'BEGIN {printf "%-16s %9.2f %5.1f%% %10.1f\n", "total", total / 1000, 100, total / mb}'
	fi
done

echo
echo "== results (MB = 10^6 bytes of article text; CPU = CPU time / wall time, 200% = both of 2 cores;"
echo "   busy % = a stage's share of the summed busy seconds of split, sentiment, stance and write in the manifest;"
echo "   GC % = the manifest's runtime.gc_cpu_share, garbage collection's share of the CPU time used)"
{
	printf 'size\trun\ttext MB\tarticles\tsentences\twall s\tMB/s\tsent/s\tpeak RSS MB\tCPU\tsplit %%\tsentiment %%\tstance %%\twrite %%\tGC %%\n'
	cat "$results"
} | awk -F'\t' 'NR == 1 {
	printf "%-6s %-9s %8s %9s %10s %8s %7s %8s %11s %5s %7s %11s %8s %7s %4s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15
	next
}
{
	printf "%-6s %-9s %8.1f %9d %10d %8.2f %7.2f %8.0f %11s %5s %7s %11s %8s %7s %4s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15
}'
if [ $reused_full = 1 ]; then
	echo "(a 2-worker row is its size's full run, which already had 2 workers per stage)"
fi
if [ -n "$save_dir" ]; then
	cp "$results" "$save_dir/results.tsv"
	echo "(manifests, run logs and results.tsv saved in $save_dir)"
fi

# field SIZE LABEL COLUMN prints one cell of $results (empty if absent).
field() {
	awk -F'\t' -v s="$1" -v l="$2" -v c="$3" '$1 == s && $2 == l {print $c; exit}' "$results"
}

failed=0
# target NAME PASS(1/0/"") DETAIL prints one target line.
target() {
	local verdict
	case $2 in
	1) verdict=PASS ;;
	0)
		verdict=FAIL
		failed=1
		;;
	*) verdict=SKIP ;;
	esac
	printf '%-4s  %-52s %s\n' "$verdict" "$1" "$3"
}

echo
echo "== ratios and targets"
for size in "${sizes[@]}"; do
	mbps=$(awk -v x="$(field "$size" full 7)" 'BEGIN {printf "%.2f", x}')
	target "$size MB: throughput >= 25 MB/s" "$(awk -v x="$mbps" 'BEGIN {print (x >= 25) ? 1 : 0}')" "$mbps MB/s"
	if [ $do_floor = 1 ]; then
		r=$(awk -v a="$(field "$size" full 6)" -v b="$(field "$size" floor 6)" 'BEGIN {printf "%.2f", a / b}')
		target "$size MB: full/floor wall time <= 1.5" "$(awk -v x="$r" 'BEGIN {print (x <= 1.5) ? 1 : 0}')" "$r ($(field "$size" full 6)s / $(field "$size" floor 6)s)"
	fi
	if [ $do_stance_off = 1 ]; then
		r=$(awk -v a="$(field "$size" full 6)" -v b="$(field "$size" no-stance 6)" 'BEGIN {printf "%.1f", (1 - b / a) * 100}')
		target "$size MB: stance costs <= 30% of throughput" "$(awk -v x="$r" 'BEGIN {print (x <= 30) ? 1 : 0}')" "${r}% ($(field "$size" no-stance 6)s without, $(field "$size" full 6)s with)"
		if [ "$repeat" -ge 2 ]; then
			# The same figure per round, from the full and no-stance runs
			# a round made within seconds of each other: a slow spell of a
			# shared machine moves both, so their ratio varies less than
			# the fastest runs of different rounds do.
			awk -F'\t' -v s="$size" '$1 == s && $2 == "full" {f[++nf] = $6} $1 == s && $2 == "no-stance" {n[++nn] = $6}
				END {
					for (i = 1; i <= nf && i <= nn; i++) r[i] = (1 - n[i] / f[i]) * 100
					k = i - 1
					for (i = 2; i <= k; i++) for (j = i; j > 1 && r[j - 1] > r[j]; j--) {t = r[j]; r[j] = r[j - 1]; r[j - 1] = t}
					m = (k % 2) ? r[(k + 1) / 2] : (r[k / 2] + r[k / 2 + 1]) / 2
					printf "INFO  %-52s %.1f%% (median of %d rounds; %.1f%% to %.1f%%)\n", s " MB: stance cost, full vs no-stance per round", m, k, r[1], r[k]
				}' "$work/rows.tsv"
		fi
	fi
	rss=$(field "$size" full 9)
	if [ "$rss" = n/a ]; then
		target "$size MB: peak RSS <= 300 MB" "" "no peak RSS measured"
	else
		target "$size MB: peak RSS <= 300 MB" "$(awk -v x="$rss" 'BEGIN {print (x <= 300) ? 1 : 0}')" "$rss MB"
	fi
	if [ $do_scaling = 1 ]; then
		r=$(awk -v a="$(field "$size" 1-worker 6)" -v b="$(field "$size" 2-worker 6)" 'BEGIN {printf "%.2f", a / b}')
		target "$size MB: 2 workers per stage >= 1.8x as fast as 1" "$(awk -v x="$r" 'BEGIN {print (x >= 1.8) ? 1 : 0}')" "${r}x ($(field "$size" 1-worker 6)s / $(field "$size" 2-worker 6)s)"
	fi
	if [ $one_core = 1 ] && [ "$size" = "$smallest" ]; then
		r=$(awk -v a="$(field "$size" 1-core 6)" -v b="$(field "$size" full 6)" 'BEGIN {printf "%.2f", a / b}')
		printf '%-4s  %-52s %s\n' INFO "$size MB: full run, all CPUs vs GOMAXPROCS=1" "${r}x ($(field "$size" 1-core 6)s / $(field "$size" full 6)s)"
	fi
done
if [ ${#sizes[@]} -ge 2 ]; then
	lo=$(printf '%s\n' "${sizes[@]}" | sort -n | head -1)
	hi=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -1)
	a=$(field "$lo" full 9)
	b=$(field "$hi" full 9)
	if [ "$a" = n/a ] || [ "$b" = n/a ]; then
		target "peak RSS within 10% from $lo MB to $hi MB" "" "no peak RSS measured"
	else
		d=$(awk -v a="$a" -v b="$b" 'BEGIN {d = (b - a) / a * 100; printf "%+.1f", d}')
		target "peak RSS within 10% from $lo MB to $hi MB" "$(awk -v d="$d" 'BEGIN {print (d <= 10 && d >= -10) ? 1 : 0}')" "$a MB -> $b MB (${d}%)"
	fi
else
	target "peak RSS within 10% between two sizes" "" "give two sizes, e.g. scripts/bench.sh 200 1000"
fi
exit $failed
