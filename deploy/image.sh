#!/usr/bin/env bash
# Builds the router's image, localhost/vobiz-router:<version of the pom>, with podman.
#   bash deploy/image.sh
# Environment:
#   BASE_IMAGE    a Java 17 runtime image to build on (e.g. a registry's eclipse-temurin:17-jre);
#                 default: localhost/vobiz-router-base:bookworm-jre17, built here from Debian's
#                 packages with mmdebstrap (minbase, openjdk-17-jre-headless, ca-certificates)
#                 and podman import. Its tarball is cached outside the clone, in
#                 ${XDG_CACHE_HOME:-$HOME/.cache}/vobiz-router/, so the next build skips it.
#   APT_SOURCES   the apt sources mmdebstrap installs from (a .sources or .list file, or a
#                 sources.list line); default: this machine's own.
#   SKIP_PACKAGE  1 takes target/vobiz-router-<version>.jar as it is instead of running
#                 ./mvnw package (tests are not run either way).
#   CONTAINERS_CONF  default deploy/containers.conf (runc, cgroupfs, file events, ulimits).
# Needs (Debian): podman, runc, mmdebstrap (only without BASE_IMAGE), uidmap, slirp4netns.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/lib.sh

version=$(project_version)
image=localhost/vobiz-router:$version
jar=target/vobiz-router-$version.jar
require podman podman
require runc runc

base=${BASE_IMAGE:-}
if [ -z "$base" ]; then
  base=localhost/vobiz-router-base:bookworm-jre17
  if ! podman image exists "$base"; then
    cache=${XDG_CACHE_HOME:-$HOME/.cache}/vobiz-router
    tarball=$cache/base-bookworm-jre17.tar
    # mmdebstrap chooses the output format from the name: it must end in .tar.
    partial=$cache/base-bookworm-jre17.partial.tar
    if [ ! -s "$tarball" ]; then
      require mmdebstrap mmdebstrap
      sources=${APT_SOURCES:-}
      if [ -z "$sources" ]; then
        for candidate in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
          [ -s "$candidate" ] && { sources=$candidate; break; }
        done
      fi
      [ -n "$sources" ] || { echo "image.sh: no apt sources found; set APT_SOURCES" >&2; exit 1; }
      mkdir -p "$cache"
      echo "image.sh: building the base image from Debian's packages into $tarball"
      # The JRE's install script writes man-page links: the folder must exist in minbase.
      mmdebstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
        --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
        --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
        bookworm "$partial" "$sources" </dev/null
      mv "$partial" "$tarball"
    fi
    podman import --change 'CMD ["/bin/bash"]' "$tarball" "$base" >/dev/null
    echo "image.sh: imported $base"
  fi
fi

if [ "${SKIP_PACKAGE:-0}" != 1 ]; then
  ./mvnw -B -q package -DskipTests
fi
[ -f "$jar" ] || { echo "image.sh: $jar missing (run ./mvnw package)" >&2; exit 1; }

podman build --file deploy/Containerfile --build-arg BASE_IMAGE="$base" --build-arg JAR_FILE="$jar" \
  --tag "$image" .
echo "image.sh: built $image"
