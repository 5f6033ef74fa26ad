#!/usr/bin/env python3
"""sacreBLEU's chrF and TER numbers for evalctl's differential tests, as exact doubles.

Reads one JSON request (a file path argument):

    {"hypotheses": [...], "references": [[stream 1 segments], [stream 2 segments]],
     "configs": [{"metric": "chrf", "char_order": 6, ...}, {"metric": "ter", "normalized": true, ...}],
     "sentence": true, "tokenized": true}

A reference may be null (sacreBLEU's placeholder for a segment with fewer references). Segments are JSON strings,
so they may hold newlines. For each config it prints, in order, the corpus score (sacreBLEU's corpus_score) as
float.hex(), its str(), the signature, for TER the edits and reference length, with "sentence" every segment's
sentence score, and with "tokenized" (TER only) every hypothesis and reference line as TER's tokenizer returns it.
Exits 3 when sacrebleu cannot be imported.
"""
import itertools
import json
import sys

try:
    import sacrebleu
    from sacrebleu.metrics import CHRF, TER
except ImportError as error:
    sys.stderr.write(f"sacrebleu is not importable by {sys.executable} ({error}): run `pip install sacrebleu`\n")
    sys.exit(3)


def score_config(config, hypotheses, references, sentence, tokenized):
    options = dict(config)
    metric_name = options.pop("metric")
    metric = CHRF(**options) if metric_name == "chrf" else TER(**options)
    # corpus_score is _aggregate_and_compute over these segment statistics, and sentence_score of a segment is the
    # same over its own statistics alone (computed by the same _compute_segment_statistics): each is computed once.
    statistics = metric._extract_corpus_statistics(hypotheses, references)
    corpus = metric._aggregate_and_compute(statistics)
    result = {"config": config, "corpus": corpus.score.hex(), "text": str(corpus),
              "signature": metric.get_signature().format()}
    if metric_name == "ter":
        result["num_edits"] = corpus.num_edits
        result["ref_length"] = float(corpus.ref_length).hex()
    if sentence:
        result["sentences"] = [metric._aggregate_and_compute([segment]).score.hex() for segment in statistics]
        # The shortcut, checked against the public sentence_score on the first segments.
        for index, (hypothesis, *refs) in enumerate(itertools.islice(zip(hypotheses, *references), 20)):
            public = metric.sentence_score(hypothesis, [ref for ref in refs if ref is not None]).score.hex()
            if public != result["sentences"][index]:
                sys.stderr.write(f"segment {index + 1}: sentence_score gives {public}, the shortcut {result['sentences'][index]}\n")
                sys.exit(4)
    if tokenized and metric_name == "ter":
        lines = hypotheses + [ref for stream in references for ref in stream if ref is not None]
        result["tokenized"] = [metric.tokenizer(line.rstrip()) for line in lines]
    return result


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    hypotheses, references = request["hypotheses"], request["references"]
    result = {"sacrebleu_version": sacrebleu.__version__,
              "configs": [score_config(config, hypotheses, references, request.get("sentence", False),
                                       request.get("tokenized", False))
                          for config in request["configs"]]}
    json.dump(result, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
