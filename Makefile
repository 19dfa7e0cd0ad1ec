# The two commands of the README: `make demo` runs the kiosk, `make test` runs every test.
# Both install what is missing first (scripts/setup.sh) and are quick the second time.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test setup lint bench shots bundle clean

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

test: setup
	@bash scripts/test.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

shots: setup
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/kiosk shots --out shots

bundle: setup
	$(VENV)/bin/pyinstaller --noconfirm kiosk.spec

clean:
	rm -rf build dist shots .pytest_cache .mypy_cache .ruff_cache
