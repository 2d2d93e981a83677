#!/usr/bin/env python3
"""Writes three big import inputs into the folder given (default: the current one), for measuring the importers' memory.

big-promptfoo.json: 100,000 promptfoo results (~375 MB), each the first result of ../promptfoo/results.json with its own
description and a 400-character output, pretty-printed as promptfoo writes them.
big-junit.xml: 1,000,000 test cases (~115 MB); every tenth has a failure with a 330-character body.
huge-failure.xml: one test case with a 300 MB failure text and a 200 MB system-out (~500 MB).
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else "."
real = json.load(open(os.path.join(here, "..", "promptfoo", "results.json")))
template = real["results"]["results"][0]
count = 100_000
with open(os.path.join(out, "big-promptfoo.json"), "w") as f:
    f.write('{\n  "evalId": "big",\n  "results": {\n    "version": 3,\n    "timestamp": "x",\n    "prompts": [],\n    "results": [\n')
    for i in range(count):
        template["testCase"]["description"] = f"case-{i}"
        template["response"]["output"] = f"Customer question: order {i} " + "x" * 400
        f.write(json.dumps(template, indent=2) + (",\n" if i + 1 < count else "\n"))
    f.write('    ]\n  },\n  "config": {}\n}\n')

with open(os.path.join(out, "big-junit.xml"), "w") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">')
    for i in range(1_000_000):
        if i % 10 == 0:
            f.write(f'<testcase classname="test_mod.TestX" name="test_case_{i}" time="0.001"><failure message="assert {i} == 0">{"trace line " * 30}</failure></testcase>\n')
        else:
            f.write(f'<testcase classname="test_mod.TestX" name="test_case_{i}" time="0.001" />\n')
    f.write("</testsuite></testsuites>")

# huge-failure.xml: one test case whose <failure> text is 300 MB and whose <system-out> is 200 MB.
with open(os.path.join(out, "huge-failure.xml"), "w") as f:
    f.write('<testsuites><testsuite name="s"><testcase name="a"><failure>')
    chunk = "x" * 1_000_000
    for _ in range(300):
        f.write(chunk)
    f.write("</failure><system-out>")
    for _ in range(200):
        f.write(chunk)
    f.write("</system-out></testcase></testsuite></testsuites>")
