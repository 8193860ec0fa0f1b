# Sourced (bash) by the scripts in ops/bench: what every benchmark does the same way.
#   bench_header NAME [k=v ...]  the first line of every run: date, git commit (-dirty if the work tree differs
#                                from it), nproc, load average, plus the script's own knobs, so every figure
#                                printed after it names the run it came from
#   bench_footer NAME            the last line: finish time and load average
#   bench_order ROUND            orchard-first in odd rounds, anchor-first in even ones: a slow drift of the
#                                machine's load then favours neither side
#   bench_median                 the median of the numbers on stdin, one per line (all of them: no row dropped)
#   bench_jar MODULE JAR         (re)builds JAR with `mvn package -pl MODULE -am` (never install) when it is
#                                missing or older than any source or pom, so a figure never comes from stale code
# The caller has already cd'ed to the repository root.

bench_commit() {
  local c
  c=$(git rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
  [ -z "$(git status --porcelain 2>/dev/null)" ] || c+=-dirty
  echo "$c"
}

bench_header() { # name [k=v ...]
  local name=$1; shift
  echo "$name-info started=$(date -Is) commit=$(bench_commit) nproc=$(nproc)" \
    "load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ',')${*:+ $*}"
}

bench_footer() { # name
  echo "$1-info finished=$(date -Is) load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ',')"
}

bench_order() { # round
  if [ $(($1 % 2)) -eq 1 ]; then echo orchard-first; else echo anchor-first; fi
}

bench_median() {
  sort -g | awk '{a[NR] = $1} END {if (NR == 0) print "n/a"; else print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

bench_jar() { # module jar
  if [ ! -f "$2" ] || [ -n "$(find . \( -name .git -o -name target -o -name bench-out -o -name .work \) -prune \
      -o \( -path '*/src/*' -o -name pom.xml \) -type f -newer "$2" -print -quit)" ]; then
    echo "building $2 (missing or older than the sources)" >&2
    mvn -B -ntp -q -pl "$1" -am package -DskipTests >&2
  fi
}
