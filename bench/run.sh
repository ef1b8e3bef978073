#!/usr/bin/env bash
# Compares withsecrets with its floor and its peers in one run, interleaved
# (bench/cmp runs A B C A B C ... and takes medians), and prints ratios.
# Absolute times on a shared machine mean little; ratios measured side by
# side do.
#
#   bench/run.sh            # everything
#   ROUNDS=30 bench/run.sh  # more rounds
#
# Needs: go; optional: util-linux script, expect's unbuffer, npm (for
# dotenv-cli and dotenvx, installed into a cache folder on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-15}
umask 077 # secrets files readable by others would draw a warning on every run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Static builds, as the README installs them (CGO_ENABLED=0).
CGO_ENABLED=0 go build -o "$work/withsecrets" .
CGO_ENABLED=0 go build -o "$work/execonly" ./bench/execonly
CGO_ENABLED=0 go build -o "$work/floor" ./bench/floor
CGO_ENABLED=0 go build -tags notoml -o "$work/kongonly" ./bench/floor
CGO_ENABLED=0 go build -tags nokong -o "$work/tomlonly" ./bench/floor
CGO_ENABLED=0 go build -tags initonly -o "$work/initonly" .
go build -o "$work/cmp" ./bench/cmp
ws=$work/withsecrets
cmp() { "$work/cmp" -rounds "$rounds" "$@"; }

proj=$work/project
mkdir -p "$proj/.streamlit"
cat >"$proj/.streamlit/secrets.toml" <<'TOML'
db_username = "Jane"
db_password = "mypassword"
api_key = "sk-0123456789abcdef"
timeout = 2.5
[db]
host = "localhost"
port = 5432
TOML
chmod 600 "$proj/.streamlit/secrets.toml"
printf 'db_username=Jane\ndb_password=mypassword\napi_key=sk-0123456789abcdef\n' >"$proj/.env"
cd "$proj"

echo "## (a) start-up: a command that does nothing"
peers=()
if command -v npm >/dev/null; then
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/withsecrets-bench
	if [ ! -x "$cache/node_modules/.bin/dotenvx" ]; then
		mkdir -p "$cache"
		npm install --silent --prefix "$cache" dotenv-cli @dotenvx/dotenvx >/dev/null 2>&1 || true
	fi
	[ -x "$cache/node_modules/.bin/dotenv" ] && peers+=("dotenv-cli=$cache/node_modules/.bin/dotenv -- true")
	[ -x "$cache/node_modules/.bin/dotenvx" ] && peers+=("dotenvx=$cache/node_modules/.bin/dotenvx run -q -- true")
fi
# Each Go binary under three copies, taking turns (bench/cmp pools a name
# given more than once): identical copies of one binary, written by the
# linker or by cp, can start up to a tenth apart on a kernel with large
# page-cache folios, run after run, and one copy's luck is not the code's.
starts=()
for b in "execonly (bare Go exec)=execonly" "floor, Kong only=kongonly" "floor, toml only=tomlonly" \
	"floor (+ Kong, toml linked)=floor" "withsecrets, exec before main=initonly" "withsecrets true=withsecrets"; do
	name=${b%=*} bin=$work/${b##*=}
	cp "$bin" "$bin.2" && cp "$bin" "$bin.3"
	starts+=("$name=$bin true" "$name=$bin.2 true" "$name=$bin.3 true")
done
cmp -rounds $((rounds * 3)) "${starts[@]}" "env true=env true" ${peers[@]+"${peers[@]}"}

echo
echo "## (a') the same binaries, read back from disk first (Linux)"
# How a binary's file came into the page cache (written by the linker, by
# cp, or read from disk) moves its start-up; one read back from disk is how
# an installed binary runs after a reboot.
if [ "$(uname)" = Linux ]; then
	cmp -evict -rounds $((rounds * 3)) "${starts[@]}"
fi

echo
echo "## (b) pty relay: 50 MB through a pseudo-terminal, output to /dev/null"
# 37.5 MB of random bytes are 50 MB of base64 text (lines of 100).
head -c 37500000 /dev/urandom | base64 -w 100 >"$work/50mb"
relay=("withsecrets (pty always)=$ws --pty=always cat $work/50mb")
command -v script >/dev/null && relay+=("script -qc=script -qec 'cat $work/50mb' /dev/null")
command -v unbuffer >/dev/null && relay+=("unbuffer=unbuffer cat $work/50mb")
cmp -rounds $(( rounds < 7 ? rounds : 7 )) "${relay[@]}"

echo
echo "## (c) masking: 50 MB with 20 secrets against a plain pipe hop"
{
	for i in $(seq 1 20); do printf 'secret_%02d = "s3cr3t-value-%02d-%s"\n' "$i" "$i" "$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"; done
} >"$work/mask.toml"
# The text holds the secrets too: one on every 2000th line, 20 in turn.
awk -F'"' 'NR == FNR { s[n++] = $2; next } { print } FNR % 2000 == 0 { print "token: " s[(FNR / 2000) % n] }' \
	"$work/mask.toml" "$work/50mb" >"$work/50mb-secrets"
cmp -rounds $(( rounds < 7 ? rounds : 7 )) "cat | cat=cat $work/50mb-secrets | cat" "withsecrets --mask cat=$ws -f $work/mask.toml --mask --pty=never cat $work/50mb-secrets"

echo
echo "## (d) start-up with many root keys (JSON variable off)"
# 100k variables are about 2 MB of environment, over the default ARG_MAX
# (a quarter of the 8 MiB stack limit): execve itself needs a larger stack
# limit for them, whatever program passes them.
ulimit -s 65536 2>/dev/null || ulimit -s unlimited 2>/dev/null || true
for n in 1000 10000 100000; do
	awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "key_%06d = \"v%d\"\n", i, i }' >"$work/keys$n.toml"
done
cmp -rounds $(( rounds < 9 ? rounds : 9 )) \
	"1k keys=$ws --json-var= -f $work/keys1000.toml true" \
	"10k keys=$ws --json-var= -f $work/keys10000.toml true" \
	"100k keys=$ws --json-var= -f $work/keys100000.toml true"

echo
echo "## (e) peak RSS of withsecrets relaying 10 MB and 100 MB through --pty=always"
head -c 10000000 "$work/50mb" >"$work/10mb"
cat "$work/50mb" "$work/50mb" >"$work/100mb"
cmp -rounds 3 -warmup 0 \
	"10 MB=$ws --pty=always cat $work/10mb" \
	"100 MB=$ws --pty=always cat $work/100mb"
