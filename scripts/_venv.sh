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

compile_translations() {
  # The interface translations (webapp/translations/*/messages.po) are compiled at install time.
  .venv/bin/pybabel compile -f -d webapp/translations >/dev/null
}

ensure_pdf_support() {
  # The server-side PDF (WeasyPrint) needs Pango and a CJK font; install them when we may.
  local missing=()
  ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0' || missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ] || command -v sudo >/dev/null; then
    apt_install "${missing[@]}"
  else
    echo "PDF download needs: ${missing[*]} (apt-get install them); everything else works without" >&2
  fi
}
