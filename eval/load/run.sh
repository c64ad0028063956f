#!/usr/bin/env bash
# Load test of `portolan serve`: two minutes of mixed traffic — search,
# classify (no explanation) and ask — each from its own wrk process at its
# own concurrency, against one server on this machine. Writes
# eval/reports/load.{json,md} with throughput, latency percentiles, responses
# by status and the server's peak RSS.
#
# Then search alone, ALONE_SECONDS each: the same cycling questions (the
# query-vector cache answers them), and distinct queries (a counter appended
# to each, so every query is embedded).
#
# Usage: eval/load/run.sh [SECONDS]   (wrk from Debian; installed if missing)
# The server uses the model home ($PORTOLAN_HOME) and its built index.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TOTAL="${1:-120}"
ALONE_SECONDS="${ALONE_SECONDS:-30}"
PORT="${PORTOLAN_LOAD_PORT:-18080}"
# Concurrency per endpoint: what the report states.
C_SEARCH="${C_SEARCH:-8}"
C_CLASSIFY="${C_CLASSIFY:-4}"
C_ASK="${C_ASK:-2}"
# Model workers and generations decoded together (the server's defaults).
WORKERS="${WORKERS:-4}"
DECODE_BATCH="${DECODE_BATCH:-4}"
SERVER_FLAGS="--workers $WORKERS --decode-batch $DECODE_BATCH --queue 16 --fast-workers 1 --fast-queue 64 --rate-limit 0"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/portolan-target}"
BIN="$CARGO_TARGET_DIR/release/portolan"
OUT=eval/reports
WORK="$(mktemp -d)"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null || sudo apt-get install -y wrk >/dev/null; }
cargo build --release --bin portolan >&2

# Request bodies from the development sets (any realistic text would do).
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
data = "../shared/data/eval"
qa = [json.loads(l) for l in open(f"{data}/qa-dev.jsonl", encoding="utf-8") if l.strip()]
cl = [json.loads(l) for l in open(f"{data}/classify-dev.jsonl", encoding="utf-8") if l.strip()]
with open(f"{work}/search.jsonl", "w") as f:
    for q in qa:
        f.write(json.dumps({"query": q["question"], "k": 10}, ensure_ascii=False) + "\n")
with open(f"{work}/search-distinct.jsonl", "w") as f:
    for i in range(50000):
        q = qa[i % len(qa)]
        f.write(json.dumps({"query": f"{q['question']} #{i}", "k": 10}, ensure_ascii=False) + "\n")
with open(f"{work}/classify.jsonl", "w") as f:
    for c in cl[:200]:
        f.write(json.dumps({"description": c["description"], "top_k": 5}, ensure_ascii=False) + "\n")
with open(f"{work}/ask.jsonl", "w") as f:
    for q in qa:
        f.write(json.dumps({"question": q["question"], "stream": False}, ensure_ascii=False) + "\n")
PY

KEY="$("$BIN" keys create --scope admin --name load-test 2>/dev/null)"
KEY_ID="${KEY:4:8}"
# shellcheck disable=SC2086
"$BIN" serve --addr "127.0.0.1:$PORT" $SERVER_FLAGS >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 600); do
  # Listening, and nothing left to prepare (the classifier is built in
  # the background after the server starts).
  curl -sf "http://127.0.0.1:$PORT/readyz" | grep -q '"preparing":\[\]' && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/readyz" | grep -q '"preparing":\[\]' || { cat "$WORK/server.log" >&2; exit 1; }

export PORTOLAN_KEY="$KEY"
run() { # name path bodies concurrency [seconds]
  wrk -t1 -c"$4" -d"${5:-$SECONDS_TOTAL}s" --timeout 120s -s eval/load/requests.lua \
    "http://127.0.0.1:$PORT" -- "$2" "$WORK/$3" >"$WORK/$1.out" 2>&1
}
run search /v1/search search.jsonl "$C_SEARCH" &
P1=$!
run classify /v1/classify classify.jsonl "$C_CLASSIFY" &
P2=$!
run ask /v1/ask ask.jsonl "$C_ASK" &
P3=$!
wait $P1 $P2 $P3 || { for f in "$WORK"/*.out; do echo "== $f" >&2; cat "$f" >&2; done; exit 1; }
# Answers still being generated for the mixed phase would take CPU from the
# search-alone phases: wait (up to two minutes) until no model job runs.
for _ in $(seq 1 120); do
  curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/metrics" \
    | grep -qE '^portolan_model_jobs_running 0$' && break
  sleep 1
done
run search_repeated /v1/search search.jsonl "$C_SEARCH" "$ALONE_SECONDS"
run search_distinct /v1/search search-distinct.jsonl "$C_SEARCH" "$ALONE_SECONDS"
PEAK_KB="$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")"
curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/metrics" >"$WORK/metrics.txt" || true
kill -TERM "$SERVER"; wait "$SERVER" || true
"$BIN" keys revoke "$KEY_ID" >/dev/null 2>&1 || true

python3 - "$WORK" "$OUT" "$SECONDS_TOTAL" "$PEAK_KB" "$C_SEARCH" "$C_CLASSIFY" "$C_ASK" "$SERVER_FLAGS" <<'PY'
import json, os, sys
work, out, secs, peak_kb = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
server_flags = sys.argv[8]
conc = dict(zip(["search", "classify", "ask"], map(int, sys.argv[5:8])))
rows = {}
for name in ["search", "classify", "ask", "search_repeated", "search_distinct"]:
    text = open(f"{work}/{name}.out").read()
    line = next((l for l in text.splitlines() if l.startswith("WRK_JSON ")), None)
    if line is None:
        sys.exit(f"wrk {name} printed no summary:\n{text}")
    r = json.loads(line[len("WRK_JSON "):])
    r["concurrency"] = conc[name.split("_")[0]]
    r["req_per_s"] = r["requests"] / r["seconds"] if r["seconds"] else 0.0
    r["errors_5xx"] = sum(n for s, n in r["statuses"].items() if s.startswith("5") and s != "503")
    r["busy_503"] = r["statuses"].get("503", 0)
    rows[name] = r
cache = {}
for line in open(f"{work}/metrics.txt"):
    if line.startswith("portolan_query_vectors_total"):
        cache["cache" if "cache" in line else "embedder"] = int(float(line.split()[-1]))
    elif line.startswith("portolan_query_embed_batches_total"):
        cache["batches"] = int(float(line.split()[-1]))
report = {"seconds": secs, "query_vectors": cache, "server_peak_rss_mib": round(peak_kb / 1024), "endpoints": rows,
          "server": f"portolan serve {server_flags}", "machine": f"{os.cpu_count()} cores"}
os.makedirs(out, exist_ok=True)
json.dump(report, open(f"{out}/load.json", "w"), indent=2)
md = [f"# Load test: `portolan serve`, {secs} s of mixed traffic", "",
      f"One server ({report['server']}) on {report['machine']}; search, classify (no explanation) and ask ran at the same time, each from its own wrk process at the stated concurrency, cycling through the dev-set questions and descriptions.", "",
      "| endpoint | concurrency | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx (not 503) | 503 busy | other statuses |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
def row(label, r):
    other = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()) if k not in ("200", "503"))
    return (f"| {label} | {r['concurrency']} | {r['requests']} | {r['req_per_s']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['errors_5xx']} | {r['busy_503']} | {other or '-'} |")
for name in ["search", "classify", "ask"]:
    md.append(row(f"/v1/{name}", rows[name]))
md += ["", f"Server peak RSS: {report['server_peak_rss_mib']} MiB.",
       "",
       f"Query vectors over the whole run (search and ask): {cache.get('embedder', 0)} computed, {cache.get('cache', 0)} from the cache. In the mixed traffic the requests cycle through 96 dev questions, so after the first pass the query-vector cache answers every search: that search figure is of repeated queries. A distinct query costs one embedding more (~16 ms of both cores alone, ~10 ms each in a batch of eight (portolan-bench embed): the vectors of searches arriving together are computed in one batch; {cache.get('batches', 0)} batches over the whole run).",
       "",
       f"Then /v1/search alone, {rows['search_repeated']['seconds']:.0f} s each: the same cycling questions (vectors from the cache), and distinct queries (a counter appended to each question, so every query is embedded).",
       "",
       "| traffic | concurrency | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx (not 503) | 503 busy | other statuses |",
       "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
       row("search alone, repeated questions", rows["search_repeated"]),
       row("search alone, distinct queries", rows["search_distinct"])]
open(f"{out}/load.md", "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
