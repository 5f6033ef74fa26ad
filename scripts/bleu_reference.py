#!/usr/bin/env python3
"""sacreBLEU's numbers for evalctl's BLEU tests: scores every requested configuration of one corpus as JSON.

Files hold one segment per line, read as sacreBLEU's command line reads them (UTF-8, lines end at "\\n" only).
For each combination of --tokenize, --smooth and --case it prints corpus BLEU (sacreBLEU's corpus_score, with
its text rendering) and, with --sentence, every segment's sentence BLEU (effective order, as
sacrebleu.sentence_bleu). --tokenized adds each tokenizer's output for every hypothesis and reference line.
Exits 3 when sacrebleu cannot be imported.

    python3 scripts/bleu_reference.py --hypotheses hyp.txt --references ref1.txt ref2.txt \\
        --tokenize 13a intl --smooth exp floor:0.3 --case mixed lc --sentence
"""
import argparse
import itertools
import json
import sys

try:
    import sacrebleu
    from sacrebleu.metrics import BLEU
except ImportError as error:
    sys.stderr.write(f"sacrebleu is not importable by {sys.executable} ({error}): run `pip install sacrebleu`\n")
    sys.exit(3)


def read_segments(path):
    with open(path, encoding="utf-8", newline="\n") as handle:
        return [line[:-1] if line.endswith("\n") else line for line in handle]


def parse_smoothing(text):
    """`exp`, `floor`, `floor:0.3`, `add-k:2` -> (method, value or None)."""
    method, _, value = text.partition(":")
    return method, float(value) if value else None


def score_json(score, text=False):
    result = {"score": score.score, "precisions": list(score.precisions), "bp": score.bp,
              "sys_len": score.sys_len, "ref_len": score.ref_len}
    if text:
        result["text"] = str(score)
    return result


def rescore(statistics, method, value, effective_order):
    """BLEU.compute_bleu over an unsmoothed score's statistics (copied: add-k changes the lists in place)."""
    return BLEU.compute_bleu(list(statistics.counts), list(statistics.totals), statistics.sys_len, statistics.ref_len,
                             smooth_method=method, smooth_value=value, effective_order=effective_order)


def signature(metric, hypotheses, references):
    """The metric's signature; scoring the first segment sets the reference count it reports."""
    metric.corpus_score(hypotheses[:1], [stream[:1] for stream in references])
    return metric.get_signature().format()


def score_configurations(args, hypotheses, references):
    configs = []
    for tokenize, case in itertools.product(args.tokenize, args.case):
        lowercase = case == "lc"
        # Statistics depend only on tokenizer and case. corpus_score and sentence_score end in BLEU.compute_bleu
        # over them, so each smoothing method reuses them through compute_bleu, exactly as those methods would.
        unsmoothed = dict(tokenize=tokenize, lowercase=lowercase, smooth_method="none", force=True)
        corpus_statistics = BLEU(**unsmoothed).corpus_score(hypotheses, references)
        if args.sentence:
            sentence_metric = BLEU(effective_order=True, **unsmoothed)
            sentence_statistics = [sentence_metric.sentence_score(hypothesis, list(segment_refs))
                                   for hypothesis, *segment_refs in zip(hypotheses, *references)]
        for smooth in args.smooth:
            method, value = parse_smoothing(smooth)
            options = dict(tokenize=tokenize, smooth_method=method, smooth_value=value, lowercase=lowercase, force=True)
            config = {"tokenize": tokenize, "smooth_method": method, "smooth_value": value, "lowercase": lowercase,
                      "corpus": score_json(rescore(corpus_statistics, method, value, effective_order=False), text=True),
                      "signature": signature(BLEU(**options), hypotheses, references)}
            if args.sentence:
                config["sentences"] = [score_json(rescore(stats, method, value, effective_order=True))
                                       for stats in sentence_statistics]
                config["sentence_signature"] = signature(BLEU(effective_order=True, **options), hypotheses, references)
            configs.append(config)
    return configs


def tokenized_lines(args, hypotheses, references):
    lines = hypotheses + [segment for stream in references for segment in stream]
    result = {}
    for tokenize in args.tokenize:
        tokenizer = BLEU(tokenize=tokenize).tokenizer
        result[tokenize] = {
            "mixed": [tokenizer(line.rstrip()) for line in lines],
            "lc": [tokenizer(line.lower().rstrip()) for line in lines],
        }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hypotheses", required=True)
    parser.add_argument("--references", required=True, nargs="+")
    parser.add_argument("--tokenize", nargs="+", default=["13a", "intl", "char", "none"])
    parser.add_argument("--smooth", nargs="+", default=["exp", "floor", "add-k", "none"])
    parser.add_argument("--case", nargs="+", default=["mixed", "lc"], choices=["mixed", "lc"])
    parser.add_argument("--sentence", action="store_true", help="also score every segment")
    parser.add_argument("--tokenized", action="store_true", help="also print each tokenizer's output")
    args = parser.parse_args()

    hypotheses = read_segments(args.hypotheses)
    references = [read_segments(path) for path in args.references]
    for path, stream in zip(args.references, references):
        if len(stream) != len(hypotheses):
            sys.stderr.write(f"{path} has {len(stream)} lines, {args.hypotheses} has {len(hypotheses)}\n")
            sys.exit(2)

    result = {"sacrebleu_version": sacrebleu.__version__, "segments": len(hypotheses),
              "configs": score_configurations(args, hypotheses, references)}
    if args.tokenized:
        result["tokenized"] = tokenized_lines(args, hypotheses, references)
    json.dump(result, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
