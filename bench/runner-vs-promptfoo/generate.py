#!/usr/bin/env python3
"""Writes the same N-case suite for ReleaseGate (suite.yaml + cases.jsonl) and promptfoo (promptfooconfig.yaml).

Each case sends "Repeat after me: wN" to the mock model, which echoes the user message; the three assertions
(contains, equals, regex) all pass on the echo. Usage: generate.py FOLDER N PORT
"""
import json
import os
import sys

folder, n, port = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(folder, exist_ok=True)
prompt = "Repeat after me: {{word}}"


def asserts(i):
    return [
        {"type": "contains", "value": f"w{i}"},
        {"type": "equals", "value": f"Repeat after me: w{i}"},
        {"type": "regex", "value": "^Repeat after me: w[0-9]+$"},
    ]


with open(os.path.join(folder, f"cases-{n}.jsonl"), "w") as f:
    for i in range(n):
        f.write(json.dumps({"id": f"c{i}", "slices": [f"s{i % 10}"], "vars": {"word": f"w{i}"}, "assert": asserts(i)}) + "\n")

with open(os.path.join(folder, f"suite-{n}.yaml"), "w") as f:
    f.write(f"apiVersion: releasegate/v1\nkind: Suite\nname: bench\nprompts:\n  user: \"{prompt}\"\ncase_files: [cases-{n}.jsonl]\n")

with open(os.path.join(folder, f"promptfooconfig-{n}.yaml"), "w") as f:
    f.write(f"prompts:\n  - \"{prompt}\"\n")
    f.write("providers:\n  - id: openai:chat:mock\n    config:\n")
    f.write(f"      apiBaseUrl: http://127.0.0.1:{port}/v1\n      apiKey: mock\n")
    f.write("tests:\n")
    for i in range(n):
        f.write("  - " + json.dumps({"vars": {"word": f"w{i}"}, "assert": asserts(i)}) + "\n")
