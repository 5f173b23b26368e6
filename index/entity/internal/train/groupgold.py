#!/usr/bin/env python3
"""Turns the tagged names of held-out documents into the shared scorer's gold.

usage: groupgold.py EVAL_DIR < SURFACES.jsonl > GOLD.jsonl
Each input line lists a document's names as tagged ({"id", "people", "places", "organisations",
"optional"}); the shared names.group (EVAL_DIR/names.py) merges the surfaces of one entity
('Payne' into 'Sean Payne', alias groups of aliases.tsv) into one gold entity with its aliases.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import names  # noqa: E402

aliases = names.load_aliases()
for line in sys.stdin:
    if not line.strip():
        continue
    doc = json.loads(line)
    gold = {"id": doc["id"], "optional": doc.get("optional", []), "aliases": {}}
    for facet in names.TYPES:
        gold[facet] = []
        for e in names.group(facet, doc.get(facet, []), aliases):
            gold[facet].append(e.names[0])
            if len(e.names) > 1:
                gold["aliases"][e.names[0]] = e.names[1:]
    print(json.dumps(gold, ensure_ascii=False))
