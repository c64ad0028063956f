#!/usr/bin/env bash
# Builds the llama.cpp reference (benchmarks and logit fixtures only; never a
# dependency of Portolan) from the source inside the pinned llama-cpp-python
# sdist, into a cache outside the repository. Prints the build folder.
set -euo pipefail
VERSION=0.3.36
CACHE="${PORTOLAN_BENCH_CACHE:-$HOME/.cache/portolan-bench}"
SRC="$CACHE/llama_cpp_python-$VERSION/vendor/llama.cpp"
BUILD="$SRC/build"
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$CACHE"
if ! command -v cmake >/dev/null; then
  echo "installing cmake" >&2
  apt-get update -qq >&2 && apt-get install -y -qq cmake >&2
fi
if [ ! -d "$SRC" ]; then
  # The sdist straight from the package index's simple page, checked against
  # the sha256 it publishes: `pip download --no-binary :all:` would first
  # build the sdist's build tools (cmake, ninja) from source to read its metadata.
  python3 - "$CACHE" "$VERSION" <<'PY' >&2
import hashlib, re, sys, urllib.request
cache, version = sys.argv[1], sys.argv[2]
name = f"llama_cpp_python-{version}.tar.gz"
page = urllib.request.urlopen("https://pypi.org/simple/llama-cpp-python/").read().decode()
m = re.search(r'href="([^"#]*/' + re.escape(name) + r')#sha256=([0-9a-f]{64})"', page)
if not m:
    sys.exit(f"{name} not on the index")
data = urllib.request.urlopen(m.group(1)).read()
if hashlib.sha256(data).hexdigest() != m.group(2):
    sys.exit(f"{name}: sha256 mismatch")
open(f"{cache}/{name}", "wb").write(data)
PY
  tar xzf "$CACHE/llama_cpp_python-$VERSION.tar.gz" -C "$CACHE"
fi
if [ ! -x "$BUILD/bin/llama-bench" ]; then
  cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF \
    -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF >&2
  cmake --build "$BUILD" -j"$(nproc)" --target llama-bench llama >&2
fi
if [ ! -x "$BUILD/bin/llama-batched-bench" ]; then
  # Concurrent sequences decoded together: the reference for batched decoding.
  cmake --build "$BUILD" -j"$(nproc)" --target llama-batched-bench >&2
fi
if [ ! -x "$BUILD/bin/llama_top_logits" ] || [ "$HERE/llama_top_logits.cpp" -nt "$BUILD/bin/llama_top_logits" ]; then
  g++ -O2 -std=c++17 -fopenmp "$HERE/llama_top_logits.cpp" -I"$SRC/include" -I"$SRC/ggml/include" \
    "$BUILD/src/libllama.a" "$BUILD/ggml/src/libggml.a" "$BUILD/ggml/src/libggml-cpu.a" "$BUILD/ggml/src/libggml-base.a" \
    -lpthread -ldl -o "$BUILD/bin/llama_top_logits" >&2
fi
echo "$BUILD/bin"
