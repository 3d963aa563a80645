# Sourced by scripts/serve and scripts/test: makes .venv with Python 3.11+, installing python3-venv if needed.
ensure_venv() {
  if [ -x .venv/bin/python ]; then return; fi
  if ! python3 -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "python3 cannot make a virtual environment; installing Debian's python3-venv" >&2
    apt_install python3-venv
    python3 -m venv .venv
  fi
}

apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
