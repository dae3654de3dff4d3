# hoa-suite: the commands a user needs. Each one prepares what it needs first.
.PHONY: demo stop shell test lint help benchmark backup restore
SHELL := /bin/bash

help:
	@echo "make demo     start the product with demo data on http://127.0.0.1:$${HOA_PORT:-8069}"
	@echo "make stop     stop what make demo started"
	@echo "make shell    odoo shell on the demo database"
	@echo "make test     run every test (MODULES=hoa_billing for one module's tests)"
	@echo "make lint     pre-commit: ruff, ruff-format, pylint-odoo, XML and manifest checks"
	@echo "make benchmark BENCH=meter_import   run a script of benchmarks/ (not in CI)"
	@echo "make backup [DB=hoa_demo]   archive databases into \$$HOA_BACKUP_DIR (.hoa/backups)"
	@echo "make restore FILE=... DB=new   restore an archive into a new database"

demo:
	@scripts/demo.sh

stop:
	@scripts/stop.sh

shell:
	@scripts/shell.sh

test:
	@MODULES="$(MODULES)" scripts/test.sh

lint:
	@scripts/lint.sh

benchmark:
	@scripts/benchmark.sh $(BENCH)

backup:
	@DB="$(DB)" scripts/backup.sh

restore:
	@FILE="$(FILE)" DB="$(DB)" scripts/restore.sh
