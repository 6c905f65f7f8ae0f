# Sourced by run.sh, test.sh, bench.sh, fuzz.sh and screenshots.sh.
#
# waymark_deps build|test|bench|fuzz — installs the Debian/Ubuntu packages that are
# missing (nothing when all are there, so re-runs stay fast). On other
# distributions it prints the packages to install and stops.

WAYMARK_DEBIAN_BUILD="meson ninja-build gcc pkg-config libglib2.0-dev libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libcairo2-dev libpango1.0-dev libsqlite3-dev
  libxml2-dev libgsf-1-dev libuchardet-dev libjson-glib-dev libpng-dev zlib1g-dev libpq-dev libsecret-1-dev gettext
  desktop-file-utils appstream fonts-cantarell fonts-dejavu-core"
# postgresql: the throw-away server the data tests read from (build-aux/pg-cluster.sh).
# chromium: the browser the shared web page is tested in (tests/test-html-browser.c).
WAYMARK_DEBIAN_TEST="xvfb xauth dbus imagemagick poppler-utils mupdf-tools librsvg2-bin qpdf sqlite3 xdotool
  postgresql chromium"
# libFuzzer and the sanitizer runtimes of the distribution's clang.
WAYMARK_DEBIAN_FUZZ="clang libclang-rt-dev"

WAYMARK_FEDORA_BUILD="meson ninja-build gcc pkgconf-pkg-config glib2-devel gtk4-devel
  libadwaita-devel cairo-devel pango-devel sqlite-devel libxml2-devel libgsf-devel uchardet-devel
  json-glib-devel libpng-devel zlib-devel libpq-devel libsecret-devel gettext desktop-file-utils appstream
  abattis-cantarell-fonts dejavu-sans-fonts"
WAYMARK_FEDORA_TEST="xorg-x11-server-Xvfb xorg-x11-xauth dbus-daemon ImageMagick poppler-utils mupdf
  librsvg2-tools qpdf libasan libubsan sqlite postgresql-server postgresql-contrib chromium"
WAYMARK_FEDORA_FUZZ="clang compiler-rt"

WAYMARK_ARCH_BUILD="meson ninja gcc pkgconf glib2 gtk4 libadwaita cairo pango sqlite libxml2
  libgsf uchardet json-glib libpng zlib postgresql-libs libsecret gettext desktop-file-utils appstream cantarell-fonts ttf-dejavu"
WAYMARK_ARCH_TEST="xorg-server-xvfb xorg-xauth dbus imagemagick poppler mupdf-tools librsvg qpdf sqlite postgresql chromium"
WAYMARK_ARCH_FUZZ="clang compiler-rt"

waymark_deps ()
{
  local want="$WAYMARK_DEBIAN_BUILD" missing="" pkg sudo=""

  case "$1" in
    test|bench) want="$want $WAYMARK_DEBIAN_TEST" ;;
    fuzz) want="$want $WAYMARK_DEBIAN_FUZZ" ;;
  esac

  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    local build="$WAYMARK_FEDORA_BUILD" extra="$WAYMARK_FEDORA_TEST"
    local abuild="$WAYMARK_ARCH_BUILD" aextra="$WAYMARK_ARCH_TEST"
    if [ "$1" = build ]; then extra=""; aextra=""; fi
    if [ "$1" = fuzz ]; then extra="$WAYMARK_FEDORA_FUZZ"; aextra="$WAYMARK_ARCH_FUZZ"; fi
    echo "This script installs dependencies on Debian and Ubuntu only." >&2
    echo "On Fedora:  sudo dnf install" $build $extra >&2
    echo "On Arch:    sudo pacman -S --needed" $abuild $aextra >&2
    echo "Then run this script again with WAYMARK_SKIP_DEPS=1." >&2
    [ -n "${WAYMARK_SKIP_DEPS:-}" ] && return 0
    exit 1
  fi

  [ -n "${WAYMARK_SKIP_DEPS:-}" ] && return 0

  for pkg in $want; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $pkg"
    fi
  done

  [ -z "$missing" ] && return 0

  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "Missing packages:$missing" >&2
      echo "Install them as root: apt-get install$missing" >&2
      exit 1
    fi
  fi

  echo "Installing:$missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

# waymark_configure DIR [meson options…] — configures DIR once; later runs reuse it.
waymark_configure ()
{
  local dir="$1"; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  else
    # A folder configured by an earlier run takes today's options.
    meson configure "$dir" "$@" >/dev/null
  fi
}
