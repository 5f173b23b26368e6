#!/bin/bash
# The memory of a lone `sitrep serve` on a built index (docs/PERFORMANCE.md):
# start it, answer a mix of searches from 8 curl clients for SECONDS, and
# print the server's resident memory from /proc after its first search and
# at the end. Linux only; needs curl.
#
#   cmd/sitrep-bench/scripts/serve-rss.sh SITREP_BINARY INDEX_DIR [SECONDS] [WORD…]
#
# The words default to those the 1M generated corpus's bench chose (in
# half, a tenth, a hundredth and a thousandth of its articles).
set -euo pipefail
if [ $# -lt 2 ]; then
	sed -n '2,10p' "$0" >&2
	exit 2
fi
bin=$1 index=$2 secs=${3:-60}
shift $(( $# < 3 ? $# : 3 ))
words=("$@")
[ ${#words[@]} -gt 0 ] || words=(sea vulner chungreiskfadr torttrilbra)
addr=localhost:18099
"$bin" serve --index "$index" --corpus "" --addr "$addr" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 600); do
	curl -sf -o /dev/null "http://$addr/api/search?q=${words[0]}" && break
	kill -0 $pid 2>/dev/null || { echo "sitrep serve exited: is $index an index?" >&2; exit 1; }
	sleep 1
done
memory() { grep -E '^(VmHWM|VmRSS|RssAnon|RssFile):' /proc/$pid/status | tr -s ' \t\n' ' '; echo "($1)"; }
memory "after the first search"
queries=("" "q=%22strike+group%22" "from=2015-01-01&to=2015-12-31" "collapse=false&q=${words[0]}")
for w in "${words[@]}"; do queries+=("q=$w" "q=$w&sort=newest"); done
end=$((SECONDS + secs)) pids=()
for c in $(seq 1 8); do
	(
		k=$c n=0
		while [ $SECONDS -lt $end ]; do
			# Pages 1 to 20: some answers repeat (the result cache), most do not.
			curl -sf -o /dev/null "http://$addr/api/search?${queries[$((k % ${#queries[@]}))]}&page=$(((k / 7) % 20 + 1))" || echo "a request failed" >&2
			k=$((k + 8)) n=$((n + 1))
		done
		echo "$n"
	) > "/tmp/serve-rss-client-$c" &
	pids+=($!)
done
wait "${pids[@]}"
echo "requests: $(cat /tmp/serve-rss-client-* | awk '{s += $1} END {print s}') in ${secs}s"
rm -f /tmp/serve-rss-client-*
memory "after ${secs}s of 8 clients"
