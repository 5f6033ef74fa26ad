#!/usr/bin/env python3
"""Scorer speed for `make bench`, side by side with the reference implementations in the same run, as ratios.

1. BLEU: `evalctl score bleu` (corpus, and `--sentence`) against sacreBLEU 2.6.0's command line on the same generated
   49,000-segment corpus (about 1.2 million words); the scores must be identical. Target: evalctl at least 10x faster.
   chrF (and chrF++) and TER beside sacreBLEU's own on the same corpus (TER on its first 10,000 segments: sacreBLEU's
   TER takes about 90 s on all of it); no target, the scores must be identical.
2. JSON Schema: `evalctl schema validate --instances` against the Python `jsonschema` package and the Rust validator
   `jsonschema-rs` driven from Python (json.loads per line and one printed line per instance included, as evalctl
   does) on 50,000 small instances of one 2020-12 schema; the verdicts must agree. Target: evalctl at least as fast as
   jsonschema-rs.
3. The other text scorers on hostile sizes: `numeric`, `contains` and `f1` on a 1 MB output, so a scorer worse than
   linear shows as a ratio far above 1 between a 1 MB and a 2 MB output.
Every figure is the median of several runs of whole processes (start-up included on both sides).
"""
import json, os, random, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVALCTL = os.path.join(ROOT, ".build/release/evalctl")


def reference_python():
    return subprocess.run(["bash", os.path.join(ROOT, "scripts/install-reference-tools.sh")], check=True,
                          capture_output=True, text=True).stdout.strip()


def timed(command, repeats=5, **kwargs):
    """Median wall time of `command` and its last output."""
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = subprocess.run(command, capture_output=True, text=True, **kwargs)
        times.append(time.perf_counter() - start)
        if out.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} exited {out.returncode}: {out.stderr[-2000:]}")
    return statistics.median(times), out


def write_corpus(directory, segments=49000, seed=7):
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "tas", "vor", "el", "an", "qu", "ix", "bra", "dun", "sel", "per", "to", "na"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(15000)]
    extras = [",", ".", "!", "?", ";", ":", '"', "'", "(", ")", "-", "3.14", "1,000", "&amp;", "$5", "e-mail", "Zürich", "naïve"]
    hypotheses, references = [], []
    for _ in range(segments):
        reference = []
        for _ in range(rng.randint(5, 45)):
            roll = rng.random()
            word = rng.choice(extras) if roll < 0.08 else str(rng.randint(0, 10000)) if roll < 0.12 else rng.choice(words)
            reference.append(word.capitalize() if rng.random() < 0.1 else word)
        hypothesis = [word if rng.random() < 0.7 else rng.choice(words) for word in reference]
        if rng.random() < 0.3:
            hypothesis = hypothesis[:len(hypothesis) - rng.randint(0, 3)]
        references.append(" ".join(reference))
        hypotheses.append(" ".join(hypothesis))
    hyp, ref = os.path.join(directory, "hyp.txt"), os.path.join(directory, "ref.txt")
    open(hyp, "w").write("\n".join(hypotheses) + "\n")
    open(ref, "w").write("\n".join(references) + "\n")
    return hyp, ref


def bleu(python, directory):
    hyp, ref = write_corpus(directory)
    print("BLEU: 49,000 generated segments, one reference each; medians of 5 whole-process runs")
    for mode, ours, theirs in [
        ("corpus", [EVALCTL, "score", "bleu", "--hypotheses", hyp, "--references", ref, "--format", "json"],
         [python, "-m", "sacrebleu", ref, "-i", hyp, "-b", "-w", "17", "-q"]),
        ("sentence", [EVALCTL, "score", "bleu", "--sentence", "--hypotheses", hyp, "--references", ref, "--format", "json"],
         [python, "-m", "sacrebleu", ref, "-i", hyp, "-b", "-w", "17", "-q", "--sentence-level"]),
    ]:
        evalctl_time, evalctl_out = timed(ours, repeats=5)
        sacre_time, sacre_out = timed(theirs, repeats=3)
        ours_scores = [json.loads(line)["score"] for line in evalctl_out.stdout.splitlines() if line.strip()]
        theirs_scores = [float(line) for line in sacre_out.stdout.split()]
        same = len(ours_scores) == len(theirs_scores) and all(abs(a - b) < 1e-9 for a, b in zip(ours_scores, theirs_scores))
        print(f"  {mode:8}: sacreBLEU {sacre_time:.2f} s, evalctl {evalctl_time:.2f} s: evalctl {sacre_time / evalctl_time:.1f}x faster "
              f"(target >= 10x); {len(ours_scores):,} score(s) {'identical' if same else 'DIFFERENT'}")


def edit_metrics(python, directory):
    hyp, ref = os.path.join(directory, "hyp.txt"), os.path.join(directory, "ref.txt")
    hyp_short, ref_short = os.path.join(directory, "hyp-10k.txt"), os.path.join(directory, "ref-10k.txt")
    for source, target in ((hyp, hyp_short), (ref, ref_short)):
        open(target, "w").write("".join(open(source).readlines()[:10000]))
    print("chrF and TER beside sacreBLEU (sacreBLEU once, evalctl median of 3)")
    for label, hypotheses, references, ours, theirs in [
        ("chrF", hyp, ref, [], ["-m", "chrf"]),
        ("chrF++", hyp, ref, ["--word-order", "2"], ["-m", "chrf", "--chrf-word-order", "2"]),
        ("TER 10k", hyp_short, ref_short, [], ["-m", "ter"]),
    ]:
        metric = "ter" if label.startswith("TER") else "chrf"
        evalctl_time, evalctl_out = timed([EVALCTL, "score", metric, "--hypotheses", hypotheses, "--references", references,
                                           "--format", "json"] + ours, repeats=3)
        sacre_time, sacre_out = timed([python, "-m", "sacrebleu", references, "-i", hypotheses, "-b", "-w", "17", "-q"] + theirs,
                                      repeats=1)
        same = abs(json.loads(evalctl_out.stdout)["score"] - float(sacre_out.stdout.split()[0])) < 1e-9
        print(f"  {label:8}: sacreBLEU {sacre_time:.2f} s, evalctl {evalctl_time:.2f} s: evalctl {sacre_time / evalctl_time:.1f}x faster; "
              f"score {'identical' if same else 'DIFFERENT'}")


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": 0},
        "name": {"type": "string", "minLength": 1, "maxLength": 64},
        "email": {"type": "string", "pattern": "^[^@]+@[^@]+\\.[a-z]+$"},
        "age": {"type": "number", "minimum": 0, "maximum": 150},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10, "uniqueItems": True},
        "address": {"type": "object", "properties": {"city": {"type": "string"}, "zip": {"type": "string", "pattern": "^[0-9]{5}$"}},
                    "required": ["city"]},
        "status": {"enum": ["active", "inactive", "pending"]},
    },
    "required": ["id", "name", "status"],
    "additionalProperties": False,
}

REFERENCE_VALIDATOR = r"""
import json, sys
which, schema_path, instances_path = sys.argv[1:4]
schema = json.load(open(schema_path))
if which == "jsonschema-rs":
    import jsonschema_rs
    check = jsonschema_rs.validator_for(schema).is_valid
else:
    import jsonschema
    check = jsonschema.Draft202012Validator(schema).is_valid
out = []
for number, line in enumerate(open(instances_path, encoding="utf-8"), 1):
    if line.strip():
        out.append(f"{instances_path}:{number}: {'valid' if check(json.loads(line)) else 'invalid'}")
sys.stdout.write("\n".join(out) + "\n")
"""


def schema_validate(python, directory, count=50000, seed=3):
    rng = random.Random(seed)
    schema_path, instances_path = os.path.join(directory, "schema.json"), os.path.join(directory, "instances.jsonl")
    json.dump(SCHEMA, open(schema_path, "w"))
    names = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Dennis", "Linus"]
    with open(instances_path, "w") as out:
        for index in range(count):
            item = {"id": index, "name": f"{rng.choice(names)} {index}", "status": rng.choice(["active", "inactive", "pending"])}
            if rng.random() < 0.7: item["email"] = f"user{index}@example.com"
            if rng.random() < 0.6: item["age"] = rng.randint(1, 99)
            if rng.random() < 0.5: item["tags"] = rng.sample(["a", "b", "c", "d", "e"], rng.randint(0, 4))
            if rng.random() < 0.5: item["address"] = {"city": "Paris", "zip": "%05d" % rng.randint(0, 99999)}
            roll = rng.random()
            if roll < 0.05: item["age"] = -3
            elif roll < 0.10: item["status"] = "unknown"
            elif roll < 0.13: item["extra"] = 1
            elif roll < 0.15: del item["name"]
            out.write(json.dumps(item) + "\n")
    script = os.path.join(directory, "reference_validate.py")
    open(script, "w").write(REFERENCE_VALIDATOR)
    print(f"JSON Schema: {count:,} small instances of one 2020-12 schema (about 15% invalid), one line printed per instance; "
          "medians of 5 whole-process runs")
    evalctl_time, evalctl_out = timed([EVALCTL, "schema", "validate", schema_path, "--instances", instances_path])
    verdicts = [line.split(": ")[1] for line in evalctl_out.stdout.splitlines()]
    for name in ("jsonschema", "jsonschema-rs"):
        reference_time, reference_out = timed([python, script, name, schema_path, instances_path], repeats=3 if name == "jsonschema" else 5)
        same = verdicts == [line.split(": ")[1] for line in reference_out.stdout.splitlines()]
        target = " (target >= 1.0)" if name == "jsonschema-rs" else ""
        print(f"  {name:13}: {reference_time:.3f} s, evalctl {evalctl_time:.3f} s: ratio {reference_time / evalctl_time:.2f}{target}; "
              f"verdicts {'agree' if same else 'DIFFER'}")


def linear_scorers(directory):
    """The text scorers over a 1 MB and a 2 MB output: a one-case eval set run on the bundled stub, which echoes it."""
    stub = os.path.join(ROOT, ".build/release/evalctl-stub")
    print("Text scorers on hostile sizes: time of a one-case run per output size (ratio near 2 = linear, near 4 = quadratic)")
    results = {}
    for megabytes in (1, 2):
        text = ("1,234 word " * (megabytes * 100_000))[: megabytes * 1_000_000]
        project = os.path.join(directory, f"linear-{megabytes}")
        os.makedirs(os.path.join(project, "evalsets/big/prompts"), exist_ok=True)
        open(os.path.join(project, "evalsets/big/evalset.yaml"), "w").write(
            "name: big\nversion: 1\nprompts: {p: prompts/p.yaml}\ndefault_prompt: p\ncases: cases.jsonl\nscorers:\n"
            "  - {type: numeric, extract: last, value: 1}\n  - {type: contains, value: 'never there'}\n"
            "  - {type: f1}\n  - {type: one_of, value: [a, b]}\n  - {type: starts_with, value: '1,234'}\nmin_pass_rate: 0\n")
        open(os.path.join(project, "evalsets/big/prompts/p.yaml"), "w").write('user: "{{q}}"\n')
        open(os.path.join(project, "evalsets/big/cases.jsonl"), "w").write(
            json.dumps({"id": "c", "vars": {"q": text}, "expected": text[: 200_000]}) + "\n")
        open(os.path.join(project, "evalctl.yaml"), "w").write(
            f"backends:\n  s:\n    type: stub\n    stream: false\n    server_binary: {stub}\n")
        results[megabytes], _ = timed([EVALCTL, "run", "evalsets/big", "--db", os.path.join(project, "e.sqlite")], repeats=3, cwd=project)
    print(f"  1 MB: {results[1]:.2f} s, 2 MB: {results[2]:.2f} s, ratio {results[2] / results[1]:.2f}")


def main():
    if not os.path.exists(EVALCTL):
        sys.exit(f"missing {EVALCTL}: run `make release` first")
    python = reference_python()
    with tempfile.TemporaryDirectory() as directory:
        bleu(python, directory)
        edit_metrics(python, directory)
        schema_validate(python, directory)
        linear_scorers(directory)


if __name__ == "__main__":
    main()
