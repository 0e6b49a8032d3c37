# The two commands a newcomer needs (see README.md). Everything else is in ops/.
.PHONY: run test build

run:
	@bash ops/setup.sh
	@.venv/app/bin/python -m ops run

test:
	@bash ops/setup.sh
	@.venv/app/bin/python -m ops test

build:
	@bash ops/setup.sh
	@.venv/app/bin/python -m ops build
