# Shared by deploy/image.sh and deploy/smoke.sh (sourced from the repository root).

# podman's settings for these machines (runc, cgroupfs, file events, ulimits), never /etc's.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/deploy/containers.conf}

# The project's version: the first <version> after the pom's parent block.
project_version() {
  local version
  version=$(sed -n '/<\/parent>/,$ s:.*<version>\([^<]*\)</version>.*:\1:p' pom.xml | head -n 1)
  [ -n "$version" ] || { echo "could not read the project's version from pom.xml" >&2; return 1; }
  printf '%s\n' "$version"
}

# Stops with a message naming the Debian package when a command is missing.
require() {
  command -v "$1" >/dev/null || { echo "$1 missing: apt-get install $2" >&2; exit 1; }
}
