#!/usr/bin/env bash
# bench/mask.sh measures what --mask costs against a plain pipe hop:
#
#   plain:   cat FILE | cat > /dev/null
#   masked:  withsecrets --mask cat FILE > /dev/null     (20 secrets)
#
# Both are one process reading the file into a pipe and one reading the
# pipe; the runs alternate so that load from elsewhere on the machine hits
# both alike, and the medians are compared. Then the peak memory of the
# masked run for growing outputs, which must stay flat.
#
#   ROUNDS=9 SIZE_MB=50 bench/mask.sh
set -euo pipefail
rounds=${ROUNDS:-9}
size_mb=${SIZE_MB:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

go build -o "$dir/withsecrets" "$root"

# 20 random tokens of 8 to 40 characters as secrets, and log-like lines
# where one line in 50 carries one of them.
awk -v dir="$dir" -v size=$((size_mb << 20)) 'BEGIN {
	srand(42)
	alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for (i = 0; i < 20; i++) {
		n = 8 + int(rand() * 33); s = ""
		for (j = 0; j < n; j++) s = s substr(alnum, 1 + int(rand() * 62), 1)
		secret[i] = s
		printf "SECRET_%d = \"%s\"\n", i, s > (dir "/secrets.toml")
	}
	nw = split("the request took ms status ok GET POST /api/v1/users user id session connected to database host port error retry 200 404 500 cache hit miss", w, " ")
	total = 0
	while (total < size) {
		line = sprintf("2026-11-27T07:52:%02d.%06dZ INFO", int(rand() * 60), int(rand() * 1000000))
		k = 8 + int(rand() * 8)
		for (j = 0; j < k; j++) line = line " " w[1 + int(rand() * nw)]
		if (rand() < 0.02) line = line " secret=" secret[int(rand() * 20)]
		print line > (dir "/data")
		total += length(line) + 1
	}
}'
chmod 600 "$dir/secrets.toml"
ws() { "$dir/withsecrets" -f "$dir/secrets.toml" --mask "$@"; }

# The masked output really is masked.
first=$(sed -n 's/^SECRET_0 = "\(.*\)"$/\1/p' "$dir/secrets.toml")
if ws cat "$dir/data" | grep -q -- "$first"; then
	echo "bench/mask.sh: a secret went through unmasked" >&2
	exit 1
fi

now() { date +%s%N; }
plain=() masked=()
for ((r = 0; r < rounds; r++)); do
	t0=$(now); cat "$dir/data" | cat > /dev/null; t1=$(now)
	ws cat "$dir/data" > /dev/null; t2=$(now)
	plain+=($(((t1 - t0) / 1000))) masked+=($(((t2 - t1) / 1000)))
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
mp=$(median "${plain[@]}") mm=$(median "${masked[@]}")
bytes=$(wc -c < "$dir/data")
echo "data: $((bytes >> 20)) MiB, 20 secrets, $rounds rounds alternating"
echo "plain  cat | cat:          median $((mp / 1000)) ms  (runs: ${plain[*]} us)"
echo "masked withsecrets --mask: median $((mm / 1000)) ms  (runs: ${masked[*]} us)"
awk -v a="$mm" -v b="$mp" -v n="$bytes" 'BEGIN { printf "ratio masked/plain: %.2f   masked throughput: %.0f MB/s\n", a / b, n / a }'

if [ -x /usr/bin/time ]; then
	for copies in 1 4 16; do
		kb=$( { /usr/bin/time -f %M "$dir/withsecrets" -f "$dir/secrets.toml" --mask \
			sh -c "for i in \$(seq $copies); do cat '$dir/data'; done" > /dev/null; } 2>&1 | tail -1)
		echo "peak memory (max RSS) of withsecrets for $((copies * bytes >> 20)) MiB of output: $kb KiB"
	done
fi
