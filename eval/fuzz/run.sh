#!/usr/bin/env bash
# Fuzzes `portolan serve` from its own OpenAPI spec with schemathesis
# (pinned, installed into the model home with pip): every operation gets
# generated valid and invalid requests; the check is that none is answered
# with a 5xx. Writes eval/reports/fuzz.md.
#
# Usage: eval/fuzz/run.sh [MAX_EXAMPLES]
# The server runs the small model: what is fuzzed is the API, and the 1.5B
# would spend minutes on the generated chat requests.
set -euo pipefail
cd "$(dirname "$0")/../.."
MAX="${1:-40}"
PORT="${PORTOLAN_FUZZ_PORT:-18081}"
SCHEMATHESIS="schemathesis==4.32.5"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/portolan-target}"
BIN="$CARGO_TARGET_DIR/release/portolan"
HOME_DIR="${PORTOLAN_HOME:-$HOME/.cache/portolan}"
PYDIR="$HOME_DIR/python/${SCHEMATHESIS/==/-}"
WORK="$(mktemp -d)"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -x "$PYDIR/bin/st" ] || python3 -m pip install --quiet --disable-pip-version-check --prefix "$PYDIR" "$SCHEMATHESIS"
PYLIB="$(echo "$PYDIR"/lib/python3*/site-packages)"
cargo build --release --bin portolan >&2

# A query key: ingestion answers 403 here, so the fuzzer cannot add junk
# documents to the model home it shares with the operator.
KEY="$("$BIN" keys create --scope query --name fuzz 2>/dev/null)"
"$BIN" serve --addr "127.0.0.1:$PORT" --model qwen2.5-coder-0.5b-instruct --rate-limit 0 \
  --workers 1 --queue 64 --timeout 600 >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do
  # Listening, and nothing left to prepare (the classifier is built in
  # the background after the server starts).
  curl -sf "http://127.0.0.1:$PORT/readyz" | grep -q '"preparing":\[\]' && break
  sleep 1
done

set +e
PYTHONPATH="$PYLIB" "$PYDIR/bin/st" run "http://127.0.0.1:$PORT/openapi.json" \
  --header "Authorization: Bearer $KEY" \
  --checks not_a_server_error \
  --max-examples "$MAX" \
  --workers 1 \
  --request-timeout 600 \
  --no-color >"$WORK/st.out" 2>&1
STATUS=$?
set -e
"$BIN" keys revoke "${KEY:4:8}" >/dev/null 2>&1 || true
{
  echo "# Fuzz: schemathesis against \`/openapi.json\`"
  echo
  echo "\`$SCHEMATHESIS\`, check \`not_a_server_error\`, up to $MAX examples per operation, against \`portolan serve\` (0.5B model). Exit status: $STATUS (0 = no failure)."
  echo
  echo '```'
  tail -n 40 "$WORK/st.out"
  echo '```'
} > eval/reports/fuzz.md
cat eval/reports/fuzz.md
exit "$STATUS"
