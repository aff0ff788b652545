#!/usr/bin/env bash
# Runs every benchmark and prints the figures that BENCHMARKS.md records.
# On demand only (not in CI). Needs only the Rust toolchain: progenitor is
# installed from crates.io into target/bench-tools, not into the project.
#   bash scripts/bench.sh            # all
#   RUNS=9 bash scripts/bench.sh     # more runs per median
#   SECTIONS="1 4" bash scripts/bench.sh   # only some sections
#   BEFORE=REV SECTIONS="1 4" bash scripts/bench.sh   # also the generator of commit REV (1) and its crate (4)
#   FULL_RUNS=5 SECTIONS=4 bash scripts/bench.sh  # more builds of the full Clerk crate (3 by default)
#   BEFORE=REV SECTIONS=6 bash scripts/bench.sh   # features per tag: GitHub and Box, one operation;
#                                                 # async-stripe beside them (FEATURE_RUNS pairs, 3 by default);
#                                                 # rustc instructions by feature (IR=0 leaves them out),
#                                                 # and with BEFORE the one-feature builds' against REV's
#   SECTIONS=7 bash scripts/bench.sh   # faults under load: FAULT_CALLS calls (20000) at FAULT_CONCURRENCY (4096)
#   BEFORE=REV SECTIONS=8 bash scripts/bench.sh   # rustc instructions of GitHub's crate, this tree and REV
#   SECTIONS=9 bash scripts/bench.sh   # the stubs feature's cost; Microsoft Graph (GRAPH_FULL=1: also every feature),
#                                      # and one Graph operation beside graph-rs-sdk (FEATURE_RUNS rounds)
set -euo pipefail
# A failed build inside $(...) must stop the bench, not time as a fast one.
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SECTIONS=${SECTIONS:-1 2 3 4 5 6 7 8 9}
want() { [[ " $SECTIONS " == *" $1 "* ]]; }
TOOLS=$PWD/target/bench-tools
SPECS=(spec/clerk.yaml tests/corpus/clerk/bapi-2026-05-12.yml tests/corpus/github-api.github.com.json)

cargo build --quiet --release -p generator --bins --examples

# BEFORE=REV: the generator of an earlier commit, built from a worktree under
# target/, for before/after figures taken in the same run.
OLD=
if [ -n "${BEFORE:-}" ]; then
    git worktree remove --force target/bench-before >/dev/null 2>&1 || true
    git worktree add --detach --force target/bench-before "$BEFORE" >/dev/null 2>&1
    cargo build --quiet --release -p generator --bins \
        --manifest-path target/bench-before/Cargo.toml --target-dir target/bench-before-target
    git worktree remove --force target/bench-before
    OLD=target/bench-before-target/release/generator
fi

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Instructions rustc executes compiling crate $1 (its name, `-` or `_`) while
# the command that follows runs, every other crate compiled as usual:
# cachegrind through scripts/rustc-instructions.sh, so the count does not
# drift with the machine's load as times do. Needs valgrind.
rustc_instructions() { # crate command...
    local crate=${1//-/_} out
    shift
    out=$(mktemp)
    BENCH_IR_CRATE=$crate BENCH_IR_OUT=$out RUSTC_WRAPPER=$PWD/scripts/rustc-instructions.sh "$@"
    cat "$out"
    rm -f "$out"
}
# Wall time in ms and peak RSS in MB of a command, median over $RUNS runs.
measure() {
    local times=() mems=() stats
    stats=$(mktemp)
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$stats" "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        times+=("$(awk "BEGIN {printf \"%.1f\", ($end - $start) / 1000000}")")
        mems+=("$(awk '{printf "%.1f", $1 / 1024}' "$stats")")
    done
    rm -f "$stats"
    echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${mems[@]}" | median)"
}

# Median wall ms of two commands run alternately $RUNS times, and the median
# of the per-pair ratios second / first: on a shared machine the speed drifts
# between runs, and a ratio taken within one pair is immune to that drift.
pair() { # "cmd a" "cmd b"
    local as=() bs=() rs=()
    for _ in $(seq "$RUNS"); do
        local s m e
        s=$(date +%s%N); eval "$1" >/dev/null 2>&1; m=$(date +%s%N)
        eval "$2" >/dev/null 2>&1; e=$(date +%s%N)
        as+=("$(awk "BEGIN {printf \"%.1f\", ($m - $s) / 1000000}")")
        bs+=("$(awk "BEGIN {printf \"%.1f\", ($e - $m) / 1000000}")")
        rs+=("$(awk "BEGIN {printf \"%.2f\", ($e - $m) / ($m - $s)}")")
    done
    echo "$(printf '%s\n' "${as[@]}" | median) $(printf '%s\n' "${bs[@]}" | median) $(printf '%s\n' "${rs[@]}" | median)"
}

if want 1; then
echo "## 1. Generation, whole process (median of $RUNS; ratio = median of per-pair ratios)"
echo "| spec | parse floor ms | floor peak MB | generator ms | generator peak MB | generator / floor |"
echo "|---|---:|---:|---:|---:|---:|"
for spec in "${SPECS[@]}"; do
    read -r _ fm < <(measure target/release/examples/parse_floor "$spec")
    read -r _ gm < <(measure target/release/generator "$spec" --out target/bench-out/ours --name bench-ours)
    read -r ft gt ratio < <(pair "target/release/examples/parse_floor $spec" \
        "target/release/generator $spec --out target/bench-out/ours --name bench-ours")
    echo "| $(basename "$spec") | $ft | $fm | $gt | $gm | ${ratio}× |"
done
if [ -n "$OLD" ]; then
    echo
    echo "Before ($BEFORE) and after, run alternately:"
    echo "| spec | before ms | after ms | after / before | before / floor |"
    echo "|---|---:|---:|---:|---:|"
    for spec in "${SPECS[@]}"; do
        read -r bt at ratio < <(pair "$OLD $spec --out target/bench-out/before --name bench-ours" \
            "target/release/generator $spec --out target/bench-out/ours --name bench-ours")
        read -r _ _ old_ratio < <(pair "target/release/examples/parse_floor $spec" \
            "$OLD $spec --out target/bench-out/before --name bench-ours")
        echo "| $(basename "$spec") | $bt | $at | ${ratio}× | ${old_ratio}× |"
    done
fi

echo
fi
if want 2; then
echo "## 2. Stages, in process"
cargo bench --quiet -p generator --bench stages -- "$RUNS"

echo
fi
# Progenitor for sections 3 and 4, installed into the bench's own folder.
if want 3 || want 4; then
    if [ ! -x "$TOOLS/bin/cargo-progenitor" ]; then
        cargo install --quiet --locked cargo-progenitor --root "$TOOLS"
    fi
fi

if want 3; then
echo "## 3. Progenitor"
echo "| spec | progenitor ms | ours ms | progenitor / ours |"
echo "|---|---:|---:|---:|"
for spec in "${SPECS[@]}"; do
    rm -rf target/bench-out/progenitor
    prog="$TOOLS/bin/cargo-progenitor progenitor -i $spec -o target/bench-out/progenitor -n bench-progenitor -v 0.1.0"
    if $prog >/dev/null 2>&1; then
        read -r ot pt ratio < <(pair "target/release/generator $spec --out target/bench-out/ours --name bench-ours" "$prog")
        echo "| $(basename "$spec") | $pt | $ot | ${ratio}× |"
    else
        echo "| $(basename "$spec") | fails | - | - |"
    fi
done

echo
fi
if want 4; then
echo "## 4. Compile time of the generated crate (dependencies prebuilt; median of $RUNS)"
# Ours and progenitor's crate for spec/clerk.yaml, each in its own target dir.
rm -rf target/bench-out/progenitor
"$TOOLS/bin/cargo-progenitor" progenitor -i spec/clerk.yaml -o target/bench-out/progenitor -n bench-progenitor -v 0.1.0 >/dev/null
target/release/generator spec/clerk.yaml --out target/bench-out/ours --name bench-ours 2>/dev/null
target/release/generator tests/corpus/clerk/bapi-2026-05-12.yml --out target/bench-out/full --name bench-full 2>/dev/null
# With BEFORE=REV, that commit's crate too, for the instruction counts below.
if [ -n "$OLD" ]; then
    rm -rf target/bench-out/before
    "$OLD" spec/clerk.yaml --out target/bench-out/before --name bench-before 2>/dev/null
    printf '\n[workspace]\n' >> target/bench-out/before/Cargo.toml
fi
# Async operations are compiled where they are awaited, so the crate alone
# does not show what a service pays: also a program calling every operation
# (scripts/bench-programs/), crate and program built together.
# Progenitor's crate comes without TLS (its reqwest has no TLS feature), ours
# with rustls by default: `ours-notls` is ours without it, the same work.
for gen in ours ours-notls progenitor; do
    crate=${gen%-notls} features=
    [ "$gen" = ours-notls ] && features=', default-features = false'
    mkdir -p "target/bench-out/$gen-program/src"
    cp "scripts/bench-programs/$crate.rs" "target/bench-out/$gen-program/src/main.rs"
    printf '[package]\nname = "%s-program"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\napi = { package = "bench-%s", path = "../%s"%s }\nserde_json = "1"\ntokio = { version = "1", features = ["rt", "macros"] }\n' \
        "$gen" "$crate" "$crate" "$features" > "target/bench-out/$gen-program/Cargo.toml"
done
# Each crate is a workspace of its own, not a member of this repository's.
for dir in target/bench-out/{ours,progenitor,full,ours-program,ours-notls-program,progenitor-program}; do
    grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >> "$dir/Cargo.toml"
done
in_dir() { # dir cargo-args...: cargo in a bench crate, with its own target dir
    local dir=$1; shift
    (cd "$dir" && cargo "$@" --quiet --target-dir ../target-"$(basename "$dir")" >/dev/null 2>&1)
}
ms() {
    local s e
    s=$(date +%s%N)
    "$@" || { echo "bench: failed: $*" >&2; return 1; }
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 ))"
}
# A clean build: `cargo clean -p` removes the crate's artifacts (incremental
# state included) and keeps the prebuilt dependencies.
clean_crate() { in_dir "target/bench-out/$1" clean -p "bench-$1"; }
clean_all() { in_dir "target/bench-out/$1-program" clean -p "bench-${1%-notls}" -p "$1-program"; }
clean_release() { in_dir "target/bench-out/$1-program" clean --release -p "bench-${1%-notls}" -p "$1-program"; }
# What a developer pays on each change: the program edited (an email literal
# flipped back and forth), then rebuilt incrementally.
edit() {
    local from=a to=b
    if (( $2 % 2 == 0 )); then from=b to=a; fi
    sed -i "0,/\"$from@example.com\"/s//\"$to@example.com\"/" "target/bench-out/$1-program/src/main.rs"
}
check_crate() { in_dir "target/bench-out/$1" check; }
build_crate() { in_dir "target/bench-out/$1" build; }
build_all() { in_dir "target/bench-out/$1-program" build; }
build_release() { in_dir "target/bench-out/$1-program" build --release; }
for gen in ours progenitor; do
    check_crate "$gen"; build_crate "$gen"
done
for gen in ours ours-notls progenitor; do
    build_all "$gen"; build_release "$gen"
done
# Ours and progenitor's taken alternately, $RUNS pairs, as in section 1: the
# machine's speed drifts over minutes, and a ratio within a pair is immune.
# Prints median ms of each, the median ratio and the middle half of ratios
# (quartiles picked as in tests/benches/client.rs: index round((n-1)q)).
alternate() { # prepare-fn build-fn [first, default ours]
    local as=() bs=() rs=() a b i first=${3:-ours}
    for i in $(seq "$RUNS"); do
        "$1" "$first" "$i"
        a=$(ms "$2" "$first")
        "$1" progenitor "$i"
        b=$(ms "$2" progenitor)
        as+=("$a"); bs+=("$b"); rs+=("$(awk "BEGIN {printf \"%.3f\", $a / $b}")")
    done
    local q
    q=$(printf '%s\n' "${rs[@]}" | sort -g | awk '{a[NR]=$1} function at(q) {return a[int((NR-1)*q+0.5)+1]} END {printf "%s (%s–%s)", at(0.5), at(0.25), at(0.75)}')
    echo "$(printf '%s\n' "${as[@]}" | median) | $(printf '%s\n' "${bs[@]}" | median) | $q"
}
lines() { cat "$1"/src/*.rs "$1"/src/*/*.rs 2>/dev/null | wc -l; }
echo "| crate | lines |"
echo "|---|---:|"
for dir in ours progenitor full; do
    echo "| $dir | $(lines "target/bench-out/$dir") |"
done
echo
echo "| spec/clerk.yaml, alternated | ours ms | progenitor ms | ours / progenitor (middle half) |"
echo "|---|---:|---:|---:|"
# Each figure taken into a variable first, so that a failed build stops here.
row() { local r; r=$(alternate "$2" "$3" "${4:-}"); echo "| $1 | $r |"; }
row "crate alone, clean cargo check" clean_crate check_crate
row "crate alone, clean cargo build" clean_crate build_crate
row "crate + program calling all 7 operations, clean cargo build" clean_all build_all ours-notls
row "program edited, cargo build" edit build_all ours-notls
row "crate + program, clean cargo build --release" clean_release build_release ours-notls
row "crate + program, clean cargo build, ours with its default TLS" clean_all build_all ours
row "program edited, cargo build, ours with its default TLS" edit build_all ours
# The instructions rustc executes for a clean `cargo check` of each crate
# alone: what the times above measure, without the machine's drift.
if command -v valgrind >/dev/null; then
    instructions() { # crate-dir crate-name
        in_dir "$1" check
        in_dir "$1" clean -p "$2"
        rustc_instructions "$2" in_dir "$1" check | awk '{printf "%.0f", $1 / 1e6}'
    }
    echo
    echo "| crate alone, clean cargo check | rustc instructions (millions, cachegrind) | / progenitor's |"
    echo "|---|---:|---:|"
    prog_ir=$(instructions target/bench-out/progenitor bench-progenitor)
    for gen in ours ${OLD:+before}; do
        [ "$gen" = before ] && label="ours at $BEFORE" || label=ours
        ir=$(instructions "target/bench-out/$gen" "bench-$gen")
        echo "| $label | $ir | $(awk "BEGIN {printf \"%.3f\", $ir / $prog_ir}") |"
    done
    echo "| progenitor | $prog_ir | 1.000 |"
fi
# The full Clerk crate (no progenitor counterpart: it panics on that spec).
FULL_RUNS=${FULL_RUNS:-3}
full_time() { # cargo command
    in_dir target/bench-out/full "$1"
    local times=() i
    for i in $(seq "$FULL_RUNS"); do
        in_dir target/bench-out/full clean -p bench-full
        local t
        t=$(ms in_dir target/bench-out/full "$1")
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | median
}
echo
echo "| Clerk full (249 operations), crate alone, median of $FULL_RUNS | clean cargo check ms | clean cargo build ms |"
echo "|---|---:|---:|"
full_check=$(full_time check)
full_build=$(full_time build)
echo "| ours | $full_check | $full_build |"
echo
fi
if want 5; then
echo "## 5. Client overhead"
cargo bench --quiet -p workspace-tests --bench client
# Instructions per call, which unlike time do not depend on what else the
# machine is doing: each side alone for N and 3N calls under callgrind, the
# difference divided by 2N (start-up cancels out).
if command -v valgrind >/dev/null; then
    bench=$(cargo bench -p workspace-tests --bench client --no-run 2>&1 | sed -n 's/.*Executable.*(\(.*\))/\1/p')
    count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" only "$@" 2>&1 | sed -n 's/.*Collected : //p'; }
    echo
    echo "| operation | generated instructions / call | hand-written instructions / call | generated / hand-written |"
    echo "|---|---:|---:|---:|"
    for op in get:500 list:50; do
        n=${op#*:} op=${op%:*}
        ours=$(( ($(count ours "$op" $((3 * n))) - $(count ours "$op" "$n")) / (2 * n) ))
        hand=$(( ($(count hand "$op" $((3 * n))) - $(count hand "$op" "$n")) / (2 * n) ))
        echo "| $op | $ours | $hand | $(awk "BEGIN {printf \"%.3f\", $ours / $hand}") |"
    done
else
    echo "(instructions per call skipped: valgrind is not installed)"
fi
echo
fi
if want 6; then
echo "## 6. A program calling one operation of a large API (features per tag)"
# Each program is a workspace of its own with its own target directory, its
# dependencies built first; a clean build is `cargo clean -p` of the client
# crate(s) and the program, then the build: what a user pays for the client.
B=target/bench-features
FEATURE_RUNS=${FEATURE_RUNS:-3}
# Programs and crates afresh; the target directories (prebuilt dependencies) kept.
mkdir -p "$B"
find "$B" -mindepth 1 -maxdepth 1 ! -name 'target-*' -exec rm -rf {} +
target/release/generator tests/corpus/github-api.github.com.json --out "$B/github" --name github 2>/dev/null
target/release/generator tests/corpus/box.json --out "$B/box" --name box-api 2>/dev/null
if [ -n "$OLD" ]; then
    "$OLD" tests/corpus/github-api.github.com.json --out "$B/crate-github-before" --name github 2>/dev/null
    "$OLD" tests/corpus/box.json --out "$B/crate-box-before" --name box-api 2>/dev/null
fi
program() { # name crate-dir package program-file features
    mkdir -p "$B/$1/src"
    cp "scripts/bench-programs/$4" "$B/$1/src/main.rs"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\napi = { package = "%s", path = "../%s"%s }\ntokio = { version = "1", features = ["rt", "macros"] }\n\n[workspace]\n' \
        "$1" "$3" "$2" "$5" > "$B/$1/Cargo.toml"
}
printf '\n[workspace]\n' | tee -a "$B/github/Cargo.toml" "$B/box/Cargo.toml" >/dev/null
program gh-full github github github-one.rs ""
program gh-repos github github github-one.rs ', default-features = false, features = ["rustls-tls", "repos"]'
# `repos` is divided by resource; `repos-repos` is the part of `repos_get`.
program gh-part github github github-one.rs ', default-features = false, features = ["rustls-tls", "repos-repos"]'
program box-full box box-api box-one.rs ""
program box-files box box-api box-one.rs ', default-features = false, features = ["rustls-tls", "files"]'
if [ -n "$OLD" ]; then
    printf '\n[workspace]\n' | tee -a "$B/crate-github-before/Cargo.toml" "$B/crate-box-before/Cargo.toml" >/dev/null
    program gh-before crate-github-before github github-one.rs ""
    program gh-part-before crate-github-before github github-one.rs ', default-features = false, features = ["rustls-tls", "repos-repos"]'
    program box-before crate-box-before box-api box-one.rs ""
    program box-files-before crate-box-before box-api box-one.rs ', default-features = false, features = ["rustls-tls", "files"]'
fi
mkdir -p "$B/stripe/src"
cp scripts/bench-programs/stripe-customers.rs "$B/stripe/src/main.rs"
printf '[package]\nname = "stripe"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\nasync-stripe = { version = "=1.0.0-rc.10", default-features = false, features = ["rustls-tls-webpki-roots", "rustls-ring"] }\nasync-stripe-core = { version = "=1.0.0-rc.10", features = ["customer"] }\ntokio = { version = "1", features = ["rt", "macros"] }\n\n[workspace]\n' > "$B/stripe/Cargo.toml"
fb() { (cd "$B/$1" && cargo "${@:2}" --quiet --target-dir "../target-$1" >/dev/null 2>&1); }
# The client's crates: ours, or async-stripe's generated ones.
fclean() {
    case $1 in
        stripe) fb stripe clean -p async-stripe-core -p async-stripe-shared -p async-stripe-types -p stripe ;;
        gh-*) fb "$1" clean -p github -p "$1" ;;
        box-*) fb "$1" clean -p box-api -p "$1" ;;
    esac
}
ftime() { # program cargo-command: one clean run, ms
    fclean "$1"
    local s e
    s=$(date +%s%N)
    fb "$1" "$2" || { echo "bench: $1 failed to $2" >&2; return 1; }
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 ))"
}
# Prebuilt dependencies (and a check that each program builds).
for p in gh-full gh-repos gh-part box-full box-files stripe ${OLD:+gh-before gh-part-before box-before box-files-before}; do
    fb "$p" build || { echo "bench: $p does not build" >&2; exit 1; }
    fb "$p" check
done
# Programs taken in turn, $FEATURE_RUNS rounds; per program the median, and
# per pair of rows the median of per-round ratios (drift-immune, as above).
declare -A T
rounds() { # cargo-command programs...
    local cmd=$1 r p; shift
    for r in $(seq "$FEATURE_RUNS"); do
        for p in "$@"; do
            T[$cmd,$p,$r]=$(ftime "$p" "$cmd")
        done
    done
}
med() { local cmd=$1 p=$2 r; for r in $(seq "$FEATURE_RUNS"); do echo "${T[$cmd,$p,$r]}"; done | median; }
ratio() { local cmd=$1 a=$2 b=$3 r; for r in $(seq "$FEATURE_RUNS"); do awk "BEGIN {printf \"%.3f\\n\", ${T[$cmd,$a,$r]} / ${T[$cmd,$b,$r]}}"; done | median; }
progs=(gh-full gh-repos gh-part box-full box-files stripe ${OLD:+gh-before gh-part-before box-before box-files-before})
rounds build "${progs[@]}"
rounds check "${progs[@]}"
label() {
    case $1 in
        gh-before) echo "GitHub, before ($BEFORE): every operation" ;;
        gh-part-before) echo "GitHub, before ($BEFORE): only \`repos-repos\`" ;;
        box-files-before) echo "Box, before ($BEFORE): only \`files\`" ;;
        gh-full) echo "GitHub, default features (full)" ;;
        gh-repos) echo "GitHub, only \`repos\` (160 of 771 operations)" ;;
        gh-part) echo "GitHub, only \`repos-repos\` (8 of 771 operations)" ;;
        box-before) echo "Box, before ($BEFORE): every operation" ;;
        box-full) echo "Box, default features (full)" ;;
        box-files) echo "Box, only \`files\` (6 of 296 operations)" ;;
        stripe) echo "async-stripe 1.0.0-rc.10, \`customer\` feature, listing customers" ;;
    esac
}
echo "| program calling one operation, client crate(s) clean | cargo build ms | cargo check ms |"
echo "|---|---:|---:|"
for p in ${OLD:+gh-before} gh-full gh-repos ${OLD:+gh-part-before} gh-part ${OLD:+box-before} box-full ${OLD:+box-files-before} box-files stripe; do
    echo "| $(label "$p") | $(med build "$p") | $(med check "$p") |"
done
echo
echo "| ratio (median of per-round ratios) | build | check |"
echo "|---|---:|---:|"
echo "| GitHub: repos only / full | $(ratio build gh-repos gh-full) | $(ratio check gh-repos gh-full) |"
echo "| GitHub: repos-repos only / full | $(ratio build gh-part gh-full) | $(ratio check gh-part gh-full) |"
echo "| Box: files only / full | $(ratio build box-files box-full) | $(ratio check box-files box-full) |"
if [ -n "$OLD" ]; then
    echo "| GitHub: full / before | $(ratio build gh-full gh-before) | $(ratio check gh-full gh-before) |"
    echo "| GitHub: repos only / before | $(ratio build gh-repos gh-before) | $(ratio check gh-repos gh-before) |"
    echo "| GitHub: repos-repos only / before, every operation | $(ratio build gh-part gh-before) | $(ratio check gh-part gh-before) |"
    echo "| GitHub: repos-repos only / before, repos-repos only | $(ratio build gh-part gh-part-before) | $(ratio check gh-part gh-part-before) |"
    echo "| Box: full / before | $(ratio build box-full box-before) | $(ratio check box-full box-before) |"
    echo "| Box: files only / before, every operation | $(ratio build box-files box-before) | $(ratio check box-files box-before) |"
    echo "| Box: files only / before, files only | $(ratio build box-files box-files-before) | $(ratio check box-files box-files-before) |"
fi
echo "| GitHub repos only / async-stripe customer | $(ratio build gh-repos stripe) | $(ratio check gh-repos stripe) |"
echo "| GitHub repos-repos only / async-stripe customer | $(ratio build gh-part stripe) | $(ratio check gh-part stripe) |"
echo
# What rustc executes checking the GitHub crate alone, by feature: the same
# count on every run, where the times above move by a fifth between runs.
# IR=0 skips it (cachegrind makes rustc some 50 times slower: about 12 minutes);
# IR_TAGS chooses the tags measured alone (IR_TAGS=all: every one, some 25 minutes more).
if [ "${IR:-1}" != 0 ] && command -v valgrind >/dev/null; then
    gh_check() { # features
        (cd "$B/github" && cargo check --lib --quiet --no-default-features --features "rustls-tls $1" \
            --target-dir ../target-ir >/dev/null 2>&1)
    }
    gh_ir() { # features: instructions in billions
        gh_check "$1" # dependencies first, uncounted
        touch "$B/github/src/lib.rs"
        CARGO_INCREMENTAL=0 rustc_instructions github gh_check "$1" | awk '{printf "%.2f", $1 / 1e9}'
    }
    full=$(gh_ir full)
    of_full() { awk "BEGIN {printf \"%.3f\", $1 / $full}"; }
    echo "| GitHub crate alone, clean \`cargo check\` | rustc instructions (G, cachegrind) | / every feature |"
    echo "|---|---:|---:|"
    # The tags that compile the most (operations, and fields of the models
    # they reach), and the largest part of `repos` and the one of
    # `repos_get`; BENCHMARKS.md, section 6, has every tag.
    tags=${IR_TAGS:-repos repos-branches repos-repos actions issues pulls search activity teams}
    if [ "$tags" = all ]; then # every operation feature, divided ones too
        tags=$(sed -n '/^full = \[/,/^\[/s/^\([a-z0-9-]*\) = \[.*/\1/p' "$B/github/Cargo.toml" | grep -vx full)
    fi
    for tag in $tags; do
        ir=$(gh_ir "$tag")
        echo "| only \`$tag\` | $ir | $(of_full "$ir") |"
    done
    none=$(gh_ir "")
    echo "| no operation feature | $none | $(of_full "$none") |"
    echo "| every feature (\`full\`) | $full | 1 |"
    echo
    # With BEFORE=REV, the one-feature programs' clean builds above counted
    # instead of timed: what rustc executes for the client crate, then for
    # the program, this tree's crate against REV's. One-feature times move
    # by a tenth between runs, these counts by a few thousandths.
    if [ -n "$OLD" ]; then
        build_ir() { # program, client|program: instructions (G) rustc executes building that part, clean
            local lib crate
            lib=$(sed -n 's/^api = { package = "\([^"]*\)".*/\1/p' "$B/$1/Cargo.toml")
            fclean "$1"
            if [ "$2" = client ]; then
                crate=$lib
            else
                crate=$1
                fb "$1" build -p "$lib" # the client crate first, uncounted
            fi
            CARGO_INCREMENTAL=0 rustc_instructions "$crate" fb "$1" build | awk '{printf "%.3f", $1 / 1e9}'
        }
        echo "| one feature, clean \`cargo build\`, rustc instructions (G) | this tree | $BEFORE | this / before |"
        echo "|---|---:|---:|---:|"
        for pair in "gh-part GitHub, \`repos-repos\`" "box-files Box, \`files\`"; do
            read -r p what <<<"$pair"
            for part in client program; do
                now=$(build_ir "$p" $part)
                was=$(build_ir "$p-before" $part)
                echo "| $what: the $part | $now | $was | $(awk "BEGIN {printf \"%.3f\", $now / $was}") |"
            done
        done
        echo
    fi
fi
fi
if want 7; then
echo "## 7. Faults under load"
# The fault-injection test of .ci/run (tests/tests/faults.rs), larger and
# built in release mode: every GET and keyed POST must end well, no POST
# without a key may be acted on twice; it prints what it counted.
FAULT_CALLS=${FAULT_CALLS:-20000} FAULT_CONCURRENCY=${FAULT_CONCURRENCY:-4096} FAULT_RELEASE=1 \
    cargo test --quiet -p workspace-tests --test faults -- --nocapture 2>&1 | grep ': '
echo
fi
if want 8; then
echo "## 8. What the models cost cargo check"
# Instructions rustc executes for a clean `cargo check` of GitHub's crate
# alone (cachegrind, no cache simulation: the figure does not drift with the
# machine's load), with every feature, with one small feature and with none
# (the runtime and what every feature needs), for this tree's generator and,
# with BEFORE=REV, that commit's. Needs valgrind.
if ! command -v valgrind >/dev/null; then
    echo "(skipped: valgrind is not installed)"
else
    B=target/bench-models
    models_ir() { # generator, name, features: instructions in billions
        local dir=$B/$2
        rm -rf "$dir" && mkdir -p "$dir"
        "$1" tests/corpus/github-api.github.com.json --out "$dir/github" --name github >/dev/null 2>&1
        printf '[workspace]\nresolver = "2"\nmembers = ["github"]\n' >"$dir/Cargo.toml"
        check() { (cd "$dir/github" && cargo check --lib --quiet --no-default-features \
            --features "rustls-tls $3" --target-dir "../../target-$2" >/dev/null 2>&1); }
        check "$@" # dependencies first, uncounted
        touch "$dir/github/src/lib.rs"
        CARGO_INCREMENTAL=0 rustc_instructions github check "$@" | awk '{printf "%.2f", $1 / 1e9}'
    }
    echo "| features | this tree (G) |${OLD:+ $BEFORE (G) | this / before |}"
    echo "|---|---:|${OLD:+---:|---:|}"
    for features in full repos-repos ""; do
        now=$(models_ir target/release/generator now "$features")
        if [ -n "$OLD" ]; then
            was=$(models_ir "$OLD" before "$features")
            echo "| ${features:-none} | $now | $was | $(awk "BEGIN {printf \"%.3f\", $now / $was}") |"
        else
            echo "| ${features:-none} | $now |"
        fi
    done
    echo
fi
fi

if want 9; then
echo "## 9. Stand-ins, and the largest API"
# (a) What the `stubs` feature costs the generated crate: rustc instructions
# of a `cargo build --lib` of Clerk's crate alone (cachegrind, dependencies
# built first, uncounted) without and with it, and the wall time of a clean
# build of everything with and without it (wiremock's dependencies).
if command -v valgrind >/dev/null; then
    S=target/bench-stubs
    rm -rf "$S" && mkdir -p "$S"
    target/release/generator spec/clerk.yaml --out "$S/clerk" --name clerk >/dev/null 2>&1
    printf '[workspace]\nresolver = "2"\nmembers = ["clerk"]\n' >"$S/Cargo.toml"
    stubs_ir() { # features: instructions in billions
        build() { (cd "$S/clerk" && cargo build --lib --quiet --features "$1" \
            --target-dir ../target >/dev/null 2>&1); }
        build "$1"
        touch "$S/clerk/src/lib.rs"
        CARGO_INCREMENTAL=0 rustc_instructions clerk build "$1" | awk '{printf "%.2f", $1 / 1e9}'
    }
    clean_build() { # features: seconds
        rm -rf "$S/target-clean"
        local s e
        s=$(date +%s%N)
        (cd "$S/clerk" && cargo build --lib --quiet --features "$1" --target-dir ../target-clean >/dev/null 2>&1)
        e=$(date +%s%N)
        awk "BEGIN {printf \"%.1f\", ($e - $s) / 1e9}"
    }
    off=$(stubs_ir "")
    on=$(stubs_ir "stubs")
    echo "| Clerk's crate | without \`stubs\` | with \`stubs\` | with / without |"
    echo "|---|---:|---:|---:|"
    echo "| rustc instructions, the crate alone (G) | $off | $on | $(awk "BEGIN {printf \"%.3f\", $on / $off}") |"
    coff=$(clean_build "")
    con=$(clean_build "stubs")
    echo "| clean build with dependencies (s) | $coff | $con | $(awk "BEGIN {printf \"%.2f\", $con / $coff}") |"
    echo
else
    echo "(stubs: skipped, valgrind is not installed)"
fi
# (b) Microsoft Graph (the large corpus): generation against the parse
# floor, and `cargo clippy` of its crate with no operation feature, with
# `users` alone and (GRAPH_FULL=1, four minutes and about 10 GB) with all.
if G=$(bash scripts/corpus-dir.sh 2>/dev/null)/big/microsoft-graph-v1.0.json && [ -f "$G" ]; then
    D=target/bench-graph
    rm -rf "$D" && mkdir -p "$D"
    target/release/generator "$G" --out "$D/graph" --name graph >/dev/null 2>&1
    read -r ft gt ratio < <(pair "target/release/examples/parse_floor $G" \
        "target/release/generator $G --out $D/graph --name graph")
    read -r _ fm < <(measure target/release/examples/parse_floor "$G")
    read -r _ gm < <(measure target/release/generator "$G" --out "$D/graph" --name graph)
    echo "| Graph | parse floor | generator | generator / floor |"
    echo "|---|---:|---:|---:|"
    echo "| time (ms) | $ft | $gt | ${ratio}× |"
    echo "| peak memory (MB) | $fm | $gm | $(awk "BEGIN {printf \"%.2f\", $gm / $fm}")× |"
    echo
    printf '[workspace]\nresolver = "2"\nmembers = ["graph"]\n' >"$D/Cargo.toml"
    clippy() { # label, cargo arguments: a row of time and peak memory (of $D/${CRATE:-graph})
        local stats s e crate=${CRATE:-graph}
        stats=$(mktemp)
        touch "$D/$crate/src/lib.rs"
        s=$(date +%s%N)
        (cd "$D/$crate" && /usr/bin/time -f '%M' -o "$stats" cargo clippy --quiet \
            --target-dir ../target "${@:2}" -- -D warnings >/dev/null 2>&1)
        e=$(date +%s%N)
        echo "| $1 | $(awk "BEGIN {printf \"%.1f\", ($e - $s) / 1e9}") | $(awk '{printf "%.2f", $1 / 1048576}' "$stats") |"
        rm -f "$stats"
    }
    (cd "$D/graph" && cargo build --quiet --no-default-features --features rustls-tls --target-dir ../target >/dev/null 2>&1)
    echo "| Graph's crate, \`cargo clippy -D warnings\` (dependencies built) | s | peak GB |"
    echo "|---|---:|---:|"
    clippy "no operation feature" --no-default-features --features rustls-tls
    clippy "\`users\` alone" --no-default-features --features rustls-tls,users
    [ -n "${GRAPH_FULL:-}" ] && clippy "every feature (\`full\`)" --features full
    echo
    # (d) Part of Graph (`--include`, `[select]`): the operations a pattern
    # selects and the models they reach, generated against the parse floor,
    # the crate's size, and `cargo clippy` with its default features (every
    # operation, below 2,000 of them).
    printf '[workspace]\nresolver = "2"\nmembers = ["graph", "part"]\n' >"$D/Cargo.toml"
    echo "| part of Graph (\`--include\`) | operations, types | generation ms | / parse floor | peak MB | crate MB | clippy, default features: s | peak GB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for pattern in "GET /users/{id}" "/users/**"; do
        rm -rf "$D/part"
        counts=$(target/release/generator "$G" --out "$D/part" --name part --include "$pattern" 2>&1 |
            sed -nE 's/^generated .*\(([0-9]+) operations?, ([0-9]+) types?\).*/\1, \2/p')
        read -r _ pt pratio < <(pair "target/release/examples/parse_floor $G" \
            "target/release/generator $G --out $D/part --name part --include '$pattern'")
        read -r _ pm < <(measure target/release/generator "$G" --out "$D/part" --name part --include "$pattern")
        size=$(du -sk --exclude target "$D/part" | awk '{printf "%.1f", $1 / 1024}')
        row=$(CRATE=part clippy x)
        echo "| \`$pattern\` | $counts | $pt | ${pratio}× | $pm | $size | $(cut -d'|' -f3- <<<"$row" | sed 's/^ *//')"
    done
    echo
    # (c) A program getting one user (`GET /users/{user-id}`): ours with the
    # `users` feature, graph-rs-sdk 3.0.1 (untyped JSON), both with rustls.
    # Each a workspace of its own, dependencies prebuilt; a clean build is
    # `cargo clean -p` of the client's crates and the program, then the build;
    # "program alone" rebuilds only the program (its main.rs touched). Taken
    # alternately, $FEATURE_RUNS rounds, ratios within a round as in section 6.
    O=target/bench-graph-one
    mkdir -p "$O"
    find "$O" -mindepth 1 -maxdepth 1 ! -name 'target-*' -exec rm -rf {} +
    cp -r "$D/graph" "$O/graph"
    printf '\n[workspace]\n' >>"$O/graph/Cargo.toml"
    one() { # name, program file, dependency lines
        mkdir -p "$O/$1/src"
        cp "scripts/bench-programs/$2" "$O/$1/src/main.rs"
        printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\ntokio = { version = "1", features = ["rt", "macros"] }\n\n[workspace]\n' \
            "$1" "$3" >"$O/$1/Cargo.toml"
    }
    one ours graph-one.rs 'api = { package = "graph", path = "../graph", default-features = false, features = ["rustls-tls", "users"] }'
    one theirs graph-rs-sdk-one.rs $'graph-rs-sdk = { version = "=3.0.1", default-features = false, features = ["rustls-tls"] }\nserde_json = "1"'
    ob() { (cd "$O/$1" && CARGO_INCREMENTAL=0 cargo "${@:2}" --quiet --target-dir "../target-$1" >/dev/null 2>&1); }
    oclean() {
        case $1 in
            ours) ob ours clean -p graph -p ours ;;
            theirs) ob theirs clean -p graph-rs-sdk -p graph-http -p graph-core -p graph-oauth -p graph-error -p theirs ;;
        esac
    }
    otime() { # program, what: clean or program; one build, ms
        local s e
        if [ "$2" = clean ]; then oclean "$1"; else touch "$O/$1/src/main.rs"; fi
        s=$(date +%s%N)
        ob "$1" build || { echo "bench: $1 failed to build" >&2; return 1; }
        e=$(date +%s%N)
        echo "$(( (e - s) / 1000000 ))"
    }
    for p in ours theirs; do
        ob "$p" build || { echo "bench: $p does not build" >&2; exit 1; }
    done
    declare -A GT
    for r in $(seq "${FEATURE_RUNS:-3}"); do
        for p in ours theirs; do
            GT[clean,$p,$r]=$(otime "$p" clean)
            GT[program,$p,$r]=$(otime "$p" program)
        done
    done
    gmed() { local r; for r in $(seq "${FEATURE_RUNS:-3}"); do echo "${GT[$1,$2,$r]}"; done | median; }
    gratio() { local r; for r in $(seq "${FEATURE_RUNS:-3}"); do awk "BEGIN {printf \"%.3f\\n\", ${GT[$1,ours,$r]} / ${GT[$1,theirs,$r]}}"; done | median; }
    echo "| getting one Graph user, cargo build ms | ours (\`users\`) | graph-rs-sdk 3.0.1 | ours / theirs |"
    echo "|---|---:|---:|---:|"
    echo "| client crates and program, clean | $(gmed clean ours) | $(gmed clean theirs) | $(gratio clean) |"
    echo "| program alone | $(gmed program ours) | $(gmed program theirs) | $(gratio program) |"
    echo
else
    echo "(Graph: skipped, the large corpus is not here: bash scripts/fetch-corpus.sh)"
fi
fi
