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
  python3 -m pip download --no-deps --no-binary :all: -q -d "$CACHE" "llama-cpp-python==$VERSION" >&2
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
