#!/bin/bash
# An export's throughput and the server's memory around it
# (docs/PERFORMANCE.md): start `sitrep serve` on a built index, search once
# (the tables are built), then export every hit of QUERY_PARAMS as CSV
# while sampling the server's resident memory from /proc every 0.2 s, and
# time a feed request N times. Linux only; needs curl.
#
#   cmd/sitrep-bench/scripts/export-rss.sh SITREP_BINARY INDEX_DIR [QUERY_PARAMS] [FEED_REQUESTS]
#
# QUERY_PARAMS defaults to "collapse=false" (every article).
set -euo pipefail
if [ $# -lt 2 ]; then
	sed -n '2,10p' "$0" >&2
	exit 2
fi
bin=$1 index=$2 params=${3:-collapse=false} feeds=${4:-200}
addr=localhost:18098
"$bin" serve --index "$index" --corpus "" --addr "$addr" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 600); do
	curl -sf -o /dev/null "http://$addr/api/search?q=army" && break
	kill -0 $pid 2>/dev/null || { echo "sitrep serve exited: is $index an index?" >&2; exit 1; }
	sleep 1
done
# RSS counts the pages of the index's files mapped in (RssFile), which
# reading every stored article brings in, as well as the process's own
# memory (RssAnon: the Go heap): both are shown.
rss() { awk '/^VmRSS:/ {print $2}' /proc/$pid/status; }
anon() { awk '/^RssAnon:/ {print $2}' /proc/$pid/status; }
hwm() { awk '/^VmHWM:/ {print $2}' /proc/$pid/status; }
# The server's CPU time in seconds (user + system), which a loaded machine
# does not inflate as it does the wall time.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' /proc/$pid/stat; }
echo "before: RSS $(rss) kB (anon $(anon) kB), peak so far $(hwm) kB"
cpu0=$(cpu)
out=$(mktemp)
curl -sf -o "$out" -w '%{time_starttransfer} %{time_total} %{size_download}\n' "http://$addr/api/export?format=csv&$params" >"$out.timing" &
curl_pid=$!
samples=() anons=()
while kill -0 $curl_pid 2>/dev/null; do
	samples+=("$(rss)")
	anons+=("$(anon)")
	sleep 0.2
done
wait $curl_pid
cpu1=$(cpu)
read -r ttfb total bytes <"$out.timing"
rows=$(($(wc -l <"$out") - 2))
sorted=$(printf '%s\n' "${samples[@]}" | sort -n)
echo "export: $rows rows, $bytes bytes in ${total}s (first byte after ${ttfb}s): $(awk -v r="$rows" -v t="$total" 'BEGIN {printf "%.0f rows/s", r / t}'); server CPU $(awk -v a="$cpu0" -v b="$cpu1" -v r="$rows" 'BEGIN {printf "%.2f s, %.0f rows per CPU second", b - a, r / (b - a)}')"
echo "during: RSS min $(head -1 <<<"$sorted") kB, max $(tail -1 <<<"$sorted") kB over ${#samples[@]} samples; every 5th: $(printf '%s\n' "${samples[@]}" | awk 'NR % 5 == 1' | tr '\n' ' ')"
echo "during: anon every 5th: $(printf '%s\n' "${anons[@]}" | awk 'NR % 5 == 1' | tr '\n' ' ')max $(printf '%s\n' "${anons[@]}" | sort -n | tail -1) kB"
sleep 1
echo "after: RSS $(rss) kB (anon $(anon) kB), peak $(hwm) kB"
rm -f "$out" "$out.timing"
times=()
for _ in $(seq 1 "$feeds"); do
	times+=("$(curl -sf -o /dev/null -w '%{time_total}' "http://$addr/feeds/search.atom?q=army")")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{t[NR] = $1} END {printf "feed /feeds/search.atom?q=army, %d requests: p50 %.1f ms, p90 %.1f ms\n", NR, 1000 * t[int(NR * 0.5)], 1000 * t[int(NR * 0.9)]}'
etag=$(curl -sf -D - -o /dev/null "http://$addr/feeds/search.atom?q=army" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
echo "conditional GET with If-None-Match $etag: status $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "http://$addr/feeds/search.atom?q=army")"
