# Sourced by the launcher: what makes a start fast, kept per user and per installation in a cache
# directory (PARLEY_CACHE, default ~/.cache/parley). Everything here is optional: when the cache
# cannot be written, Parley starts the slower way from the installation itself.
#
#  - An unsigned copy of the OSGi framework jar. The JVM verifies a signed jar on the class path
#    at every start (about 150 ms here), and never caches classes of a signed jar.
#  - For --headless: an OSGi configuration area whose bundle list is the installation's minus the
#    desktop window's bundles (headless-excludes), so the console does not resolve and scan them.
#  - With a JDK >= 25, an ahead-of-time cache of loaded and linked classes and method profiles
#    (JEP 483/515): one start records what it loads, the next builds the cache in the background
#    (niced), the starts after it use the cache. It is rebuilt when the bundle list changes.
#  - Not a cache: the JIT's optimising (C2) compiler threads run at the lowest priority (nice 19,
#    PARLEY_COMPILER_NICE). On 2 cores they took a third of the CPU of a desktop start, compiling
#    start-up code that runs once, and pushed the window from 1.4 s to 1.7 s (bench/ui.sh); reniced,
#    they compile when a core is free, and calls still get compiled code a few seconds in.

# Prints the cache directory of the installation in $1, creating it; fails when it cannot.
parley_cache_dir() {
  local base=${PARLEY_CACHE:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/parley}
  local dir="$base/$(printf '%s' "$1" | cksum | cut -d ' ' -f 1)"
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] && printf '%s\n' "$dir"
}

# Prints the path of an unsigned copy of the framework jar $1 in the cache $2, making it once;
# prints $1 itself when the JDK has no jar tool or the copy fails.
parley_unsigned_framework() {
  local jar=$1 cache=$2 copy="$2/$(basename "$1")" jartool="$PARLEY_JAVA_HOME/bin/jar" work
  if [ ! -f "$copy" ] || [ "$jar" -nt "$copy" ]; then
    work=$(mktemp -d "$cache/framework.XXXXXX") || { printf '%s\n' "$jar"; return; }
    if [ -x "$jartool" ] && mkdir "$work/content" && (cd "$work/content" && "$jartool" xf "$jar") &&
       rm -f "$work"/content/META-INF/*.SF "$work"/content/META-INF/*.RSA "$work"/content/META-INF/*.DSA \
             "$work"/content/META-INF/*.EC &&
       mv "$work/content/META-INF/MANIFEST.MF" "$work/MANIFEST.MF" &&
       "$jartool" --create --file "$work/framework.jar" --manifest "$work/MANIFEST.MF" -C "$work/content" . &&
       mv -f "$work/framework.jar" "$copy"; then
      rm -f "$cache"/*.aot "$cache"/*.aotconf
    else
      copy=$jar
    fi
    rm -rf "$work"
  fi
  printf '%s\n' "$copy"
}

# Prints the headless configuration area in the cache $2 for the installation $1, (re)writing it
# when the installation's configuration or headless-excludes is newer; prints the installation's own
# area on failure. Temporary files are per process: two processes may start at once.
parley_headless_configuration() {
  local home=$1 area="$2/headless" source="$1/configuration"
  local list=org.eclipse.equinox.simpleconfigurator/bundles.info
  if [ ! -f "$area/config.ini" ] || [ "$source/config.ini" -nt "$area/config.ini" ] ||
     [ "$source/$list" -nt "$area/$list" ] || [ "$home/headless-excludes" -nt "$area/$list" ]; then
    mkdir -p "$area/$(dirname "$list")" &&
      awk -F , -v excludes="$home/headless-excludes" '
        BEGIN { while ((getline line < excludes) > 0) if (line !~ /^(#|[[:space:]]*$)/) pattern[++n] = line }
        /^#/ { print; next }
        { for (i = 1; i <= n; i++) if ($1 ~ pattern[i]) next; print }' "$source/$list" > "$area/$list.$$.tmp" &&
      mv -f "$area/$list.$$.tmp" "$area/$list" &&
      sed 's|^eclipse\.p2\.data\.area=@config\.dir/\.\./|eclipse.p2.data.area=file\\:'"$home"'/|' \
        "$source/config.ini" > "$area/config.ini.$$.tmp" &&
      mv -f "$area/config.ini.$$.tmp" "$area/config.ini" || { printf '%s\n' "$source"; return; }
  fi
  printf '%s\n' "$area"
}

# Sets PARLEY_CACHE_OPTS to the JVM options for the ahead-of-time cache of a start in mode $2
# (headless or desktop) from the cache $1, whose bundle list is $3; $4... are the JVM options and
# class path the start uses (the cache must be built with the same ones).
parley_aot_options() {
  local cache=$1 mode=$2 bundles=$3 version
  shift 3
  PARLEY_CACHE_OPTS=()
  version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$PARLEY_JAVA_HOME/release" 2>/dev/null)
  [ "$(parley_java_major "$PARLEY_JAVA_HOME")" -ge 25 ] && [ -n "$version" ] || return 0
  local aot="$cache/$mode-$version.aot" recorded="$cache/$mode-$version.aotconf"
  for file in "$aot" "$recorded"; do
    [ ! -f "$file" ] || [ ! "$bundles" -nt "$file" ] || rm -f "$file"
  done
  if [ -s "$aot" ]; then
    PARLEY_CACHE_OPTS=(-XX:AOTCache="$aot" -Xlog:aot*=off -Xlog:cds*=off)
  elif [ -s "$recorded" ]; then
    # Built by a detached, niced JVM (double fork: not a child of this start), which this start does
    # not wait for; the lock keeps a second start from building it too.
    find "$cache" -maxdepth 1 -name "$mode.building" -mmin +10 -exec rmdir {} + 2>/dev/null || true
    if mkdir "$cache/$mode.building" 2>/dev/null; then
      ( ( setsid nice -n 19 "$PARLEY_JAVA_HOME/bin/java" -XX:AOTMode=create -XX:AOTConfiguration="$recorded" \
            -XX:AOTCache="$aot.tmp" "$@" > "$cache/$mode-aot.log" 2>&1 && mv -f "$aot.tmp" "$aot"
          rm -f "$recorded" "$aot.tmp"; rmdir "$cache/$mode.building" ) </dev/null >/dev/null 2>&1 & )
    fi
  else
    # The JVM reports the recording on its own output; -DisplayVMOutput keeps the console's clean.
    PARLEY_CACHE_OPTS=(-XX:AOTMode=record -XX:AOTConfiguration="$recorded" -Xlog:aot*=off -Xlog:cds*=off
      -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput)
  fi
}

# Lowers the priority of the C2 compiler threads of the JVM that will run as process $1 (the
# launcher execs it) to nice $2, from a background job that looks for them during its first 5 s.
# Compiler threads the JVM adds later are created by a C2 thread and inherit its nice value.
parley_lower_compiler_priority() {
  local pid=$1 nice=$2
  command -v renice >/dev/null || return 0
  ( local tries task comm
    for ((tries = 0; tries < 100; tries++)); do
      for task in /proc/"$pid"/task/*; do
        read -r comm < "$task/comm" 2>/dev/null || continue
        if [ "$comm" = "C2 CompilerThre" ]; then
          renice -n "$nice" -p "${task##*/}" >/dev/null 2>&1
          exit 0
        fi
      done
      sleep 0.05
    done ) </dev/null >/dev/null 2>&1 &
}
