#!/usr/bin/env bash
# Renders Waymark under Xvfb at 1600×900 and writes screenshots/*.png, the
# images the AppStream metainfo shows in software centres.
set -euo pipefail

cd "$(dirname "$0")/.."
. build-aux/deps.sh

waymark_deps test
waymark_configure _build -Dprofile=development
meson compile -C _build

# A default profile build so the shots show the release style, not the
# striped development header bar.
waymark_configure _build-shots -Dprofile=default
meson compile -C _build-shots

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/config/gtk-4.0" "$tmp/config/glib-2.0/settings" "$tmp/home/Documents"
# Documents live where users keep them, so the header shows “~/Documents”.
cp _build-shots/data/samples/online-purchase.waymark "$tmp/home/Documents/Online Purchase Journey.waymark"
cat > "$tmp/config/gtk-4.0/settings.ini" <<INI
[Settings]
gtk-font-name=Cantarell 11
gtk-hint-font-metrics=true
INI

# shot NAME [ARGS…] — starts the app, waits for it to settle, captures the screen.
shot ()
{
  local name="$1"; shift
  cat > "$tmp/config/glib-2.0/settings/keyfile" <<INI
[io/github/waymarkapp/Waymark]
window-width=1600
window-height=900
INI
  HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
  GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$PWD/_build-shots/data" \
  GTK_A11Y=none GDK_BACKEND=x11 \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1600x900x24 -nolisten tcp" \
    bash -c '"$@" & pid=$!; sleep 4; import -window root "'"$tmp/$name.png"'"; kill $pid; wait $pid 2>/dev/null || true' \
    _ _build-shots/src/app/waymark "$@"
  convert "$tmp/$name.png" -strip "screenshots/$name.png"
  echo "screenshots/$name.png"
}

# shot_import NAME DOCUMENT DATA — the import wizard on DATA, driven with xdotool.
shot_import ()
{
  local name="$1" document="$2" data="$3"
  cat > "$tmp/config/glib-2.0/settings/keyfile" <<INI
[io/github/waymarkapp/Waymark]
window-width=1600
window-height=900
INI
  HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
  GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$PWD/_build-shots/data" \
  GTK_A11Y=none GDK_BACKEND=x11 \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1600x900x24 -nolisten tcp" \
    bash -c '"$1" "$2" & pid=$!; sleep 4
             xdotool key ctrl+i; sleep 2
             xdotool key ctrl+l; sleep 0.5
             xdotool type --delay 5 "$3"; xdotool key Return; sleep 1; xdotool key Return; sleep 4
             xdotool mousemove 1599 899; sleep 0.5
             import -window root "$4"; kill $pid; wait $pid 2>/dev/null || true' \
    _ _build-shots/src/app/waymark "$document" "$data" "$tmp/$name.png"
  convert "$tmp/$name.png" -strip "screenshots/$name.png"
  echo "screenshots/$name.png"
}

# shot_keys NAME STYLE KEYS DOCUMENT [SETTINGS] — the map in the light or dark
# STYLE, after xdotool presses KEYS (words; "type:TEXT" types TEXT, "_" for
# spaces, "sleep:N" waits N seconds, "move:X,Y" moves the pointer). SETTINGS are
# more keyfile lines.
shot_keys ()
{
  local name="$1" style="$2" keys="$3" document="$4" settings="${5:-}"
  # Each shot starts as after a clean exit: no recovery copies left by the last.
  rm -rf "$tmp/data/waymark/recovery"
  cat > "$tmp/config/glib-2.0/settings/keyfile" <<INI
[io/github/waymarkapp/Waymark]
window-width=1600
window-height=900
style-variant='$style'
$settings
INI
  HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
  GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$PWD/_build-shots/data" \
  GTK_A11Y=none GDK_BACKEND=x11 \
  dbus-run-session -- xvfb-run -a -s "-screen 0 1600x900x24 -nolisten tcp" \
    bash -c '"$1" ${2:+"$2"} & pid=$!; sleep 4
             for k in $3; do
               case "$k" in
                 type:*) t="${k#type:}"; xdotool type --delay 20 "${t//_/ }" ;;
                 sleep:*) sleep "${k#sleep:}" ;;
                 move:*) m="${k#move:}"; xdotool mousemove "${m%,*}" "${m#*,}" ;;
                 *) xdotool key "$k" ;;
               esac
               sleep 0.3
             done
             sleep 1
             import -window root "$4"; kill $pid; wait $pid 2>/dev/null || true' \
    _ _build-shots/src/app/waymark "$document" "$keys" "$tmp/$name.png"
  convert "$tmp/$name.png" -strip "screenshots/$name.png"
  echo "screenshots/$name.png"
}

shot welcome
# A card being added in a workshop: the second lane of the first stage (F9 goes into
# the inspector; F6 twice comes back to the map by way of the header bar).
shot_keys document light "F9 F6 F6 Right Down Down Down Return type:Abandons_the_cart_at_the_shipping_step" \
  "$tmp/home/Documents/Online Purchase Journey.waymark"
shot_keys document-dark dark "Tab Tab Down" "$tmp/home/Documents/Online Purchase Journey.waymark"
# A workshop: a labelled connector made with Ctrl+L and dot votes given with +.
cp "$tmp/home/Documents/Online Purchase Journey.waymark" "$tmp/home/Documents/Workshop.waymark"
shot_keys workshop light "move:1599,899 Up plus plus plus ctrl+l Right Return F2 type:compares_prices Return Right plus plus Down Down plus" \
  "$tmp/home/Documents/Workshop.waymark"
# The sample map with the Q3 survey: badges on cards and stages, and the
# emotion curve drawn from NPS.
cp "$tmp/home/Documents/Online Purchase Journey.waymark" "$tmp/home/Documents/Online Purchase with Q3 Survey.waymark"
metrics_doc="$tmp/home/Documents/Online Purchase with Q3 Survey.waymark"
_build-shots/src/cli/waymark-cli data import "$metrics_doc" data/samples/q3-survey.csv --name "Q3 survey" \
  --key Touchpoint --stage-column Stage --create-cards >/dev/null
_build-shots/src/cli/waymark-cli metric add "$metrics_doc" --dataset "Q3 survey" --name NPS --kind nps \
  --column NPS --period month --target 0 --emotion-curve >/dev/null
_build-shots/src/cli/waymark-cli metric add "$metrics_doc" --dataset "Q3 survey" --name CSAT --kind csat \
  --column CSAT --period month --target 70 >/dev/null
shot_keys metrics light "ctrl+minus ctrl+Down ctrl+Down ctrl+Down ctrl+Down ctrl+Down" "$metrics_doc"
cp data/samples/q3-survey.csv "$tmp/home/Documents/Q3 survey.csv"
shot_import import "$tmp/home/Documents/Online Purchase Journey.waymark" "$tmp/home/Documents/Q3 survey.csv"

# The export dialog over the map with metrics, as installed (automatic
# layout, legible on A4) with a summary and a legend: each layout says its
# pages and text size on paper, the previews show the summary page.
shot_keys export-dialog light "ctrl+e sleep:4" "$metrics_doc" \
  "export-paper='A4'
export-mode='auto'
export-summary=true
export-legend=true"
# The template gallery, opened over a map, with the maps opened above as recent.
shot_keys templates light "ctrl+shift+t sleep:2" "$tmp/home/Documents/Online Purchase Journey.waymark"

# The map shared as a web page, in Chromium: a metric badge's provenance
# (the browser test keeps its screenshots).
mkdir -p "$tmp/browser"
WAYMARK_TEST_SCREENSHOTS="$tmp/browser" meson test -C _build --no-rebuild test-html-browser >/dev/null
convert "$tmp/browser/browser-badge.png" -strip screenshots/shared-page.png
echo screenshots/shared-page.png
