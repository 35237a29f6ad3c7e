# Sourced by ./mvnw and by the product's launcher: sets PARLEY_JAVA_HOME to a JDK >= 21.
# Order: $JAVA_HOME if it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm.

parley_java_major() {
  # Prints the major version of the JDK in $1 (17, 21, 25 ...), or nothing. Reads the JDK's
  # release file when it has one (fast); asks the java binary otherwise.
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}

parley_find_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(parley_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then PARLEY_JAVA_HOME=$JAVA_HOME; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] && [ ! -L "$candidate" ] || continue
    major=$(parley_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "parley: no JDK >= 21 found (JAVA_HOME or /usr/lib/jvm); install one, e.g. apt-get install openjdk-21-jdk-headless" >&2
    return 1
  fi
  PARLEY_JAVA_HOME=$best
}
