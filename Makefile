# Convenience targets; the build itself is CMake (scripts/build.sh).
#   make          build pycpg into build/
#   make test     scripts/test.sh: setup, build, the whole suite plain and under ASan+UBSan
#   make fuzz     scripts/fuzz.sh: the libFuzzer harnesses, FUZZ_SECONDS (default 60) each
FUZZ_SECONDS ?= 60

.PHONY: all test fuzz
all:
	./scripts/build.sh
test:
	./scripts/test.sh
fuzz:
	./scripts/fuzz.sh $(FUZZ_SECONDS)
