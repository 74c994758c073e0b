# DepthZoo — one entry point for every project.
#   make setup                 environments under .venv/ (rebuilt only when requirements change)
#   make demo [MODEL=<proj>]   sample data -> demos -> reports/summary.md
#   make test                  every suite in its own environment (make test-<project> for one)
#   make bench                 benchmarks, recorded in README.md
SHELL := /bin/bash
.DEFAULT_GOAL := help

ALL_PROJECTS := depthnet_mindspore densedepth_tensorflow monodepth2_paddle midas_mindspore ddrnet_mindspore
PROJECTS := $(foreach p,$(ALL_PROJECTS),$(if $(wildcard $(p)/requirements.txt),$(p)))
SHARED := common_metrics sample_data mindspore_common
MODEL ?=

.PHONY: help setup demo test bench clean distclean $(addprefix setup-,$(ALL_PROJECTS)) \
        $(addprefix test-,$(ALL_PROJECTS) $(SHARED))

help:
	@sed -n '2,5p' Makefile | sed 's/^# *//'
	@echo "present projects: $(PROJECTS)"

setup:
	bash ci/env.sh base37 base311 $(PROJECTS)

$(addprefix setup-,$(ALL_PROJECTS)): setup-%:
	@if [ -f $*/requirements.txt ]; then bash ci/env.sh $*; else echo "$* is not present, skipped"; fi

demo:
	bash ci/demo.sh $(MODEL)

test:
	bash ci/test.sh

$(addprefix test-,$(ALL_PROJECTS) $(SHARED)): test-%:
	bash ci/test.sh $*

bench:
	bash ci/bench.sh

clean:
	rm -rf data reports outputs .ci-results

distclean: clean
	rm -rf .venv
