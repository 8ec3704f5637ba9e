#!/usr/bin/env bash
# Installs every Debian 12 package seatsim needs to build, test, benchmark and plot.
# Idempotent: when everything is already installed it only runs dpkg-query and exits.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  # libraries (see ../shared/TOOLCHAIN.md for their CMake targets)
  libeigen3-dev libboost-dev libboost-math-dev libtbb-dev catch2
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libopenmpi-dev openmpi-bin
  # benchmarks (bench/, SEATSIM_BUILD_BENCH)
  libbenchmark-dev
  # style check, fuzzing and sanitizers
  clang-format-14 clang-14 libclang-rt-14-dev
  # plots and the NumPy reference benchmark
  python3 python3-numpy python3-matplotlib
  # test tools: the report page in a real browser (ctest plot/page)
  chromium
  # the Python module (python/, SEATSIM_PYTHON)
  pybind11-dev python3-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
