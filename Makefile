# Top-level Makefile.  The two commands of the README:
#   make run     install missing packages, build, start the server on redis.conf
#   make test    build and run every test (C unit tests + Tcl suite)
# Others:
#   make                       build src/redis-server
#   make install PREFIX=/usr/local
#   make SANITIZER=address     (or undefined) sanitizer build
#   make MALLOC=libc           without jemalloc
#   make test-oracle           run the Tcl suite against Debian's redis-server
#   make test-diff             compare raw replies with Debian's redis-server, then the
#                              random differential test of the aggregate types
#                              (DIFF_OPS ops per type, default 20000; DIFF_SEED to replay),
#                              and our redis-benchmark against Debian's (benchcompat.py)
#   make fuzz                  fuzz the request parser (FUZZ_SECONDS=600); FUZZ_TARGET=fuzz_restore
#                              or fuzz_rdbload fuzzes that target instead (tests/fuzz/Makefile)
#   make fuzz-persistence      fuzz RESTORE payloads, then RDB loading, FUZZ_SECONDS each (600)
#   make bench                 side-by-side benchmark against Debian's redis-server
#   make memtable              memory of hashes/lists/sets/zsets, ours vs Debian's redis-server
#   make valgrind-unit         C unit tests under valgrind

PREFIX ?= /usr/local
INSTALL_BIN = $(PREFIX)/bin
TEST_ARGS ?=

all: deps-check
	$(MAKE) -C src

deps:
	@bash deps/install-deps.sh
	@bash deps/install-node-deps.sh

# Fail early with a clear message if a build dependency is missing.
deps-check:
	@test -f /usr/include/jemalloc/jemalloc.h || [ "$(MALLOC)" = libc ] || [ -n "$(SANITIZER)" ] || \
	  { echo "libjemalloc-dev is missing: run 'make deps' (or 'make run', which installs it)"; exit 1; }

run: deps
	$(MAKE) -C src
	./src/redis-server ./redis.conf

test: deps
	$(MAKE) -C src
	$(MAKE) -C src unit-build
	./tests/run-all.sh $(TEST_ARGS)

test-oracle:
	WITH_ORACLE=1 bash deps/install-deps.sh
	./runtest --server-binary /usr/bin/redis-server --tags -needs:our-server $(TEST_ARGS)

# Byte-for-byte comparison of replies with Debian's redis-server, then the
# seeded random differential test of the aggregate types (a full run:
# make test-diff DIFF_OPS=100000).
DIFF_OPS ?= 20000
DIFF_SEED ?=
test-diff:
	WITH_ORACLE=1 bash deps/install-deps.sh
	$(MAKE) -C src
	python3 tests/diff/difftest.py
	bash tests/diff/protected_mode.sh
	python3 tests/diff/rdbcompat.py
	python3 tests/diff/aofcompat.py
	python3 tests/diff/randtypes.py --ops $(DIFF_OPS) $(if $(DIFF_SEED),--seed $(DIFF_SEED))
	python3 tests/diff/clicompat.py
	python3 tests/diff/benchcompat.py

valgrind-unit: deps
	$(MAKE) -C src unit-build OPTIMIZATION=-O0 MALLOC=libc
	cd src && for t in unit/test_*; do case $$t in *.c|*.d|*.h) continue;; esac; \
	  DICT_TEST_N=20000 valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite -q ./$$t || exit 1; done

FUZZ_TARGET ?= fuzz_request
fuzz:
	WITH_FUZZ=1 bash deps/install-deps.sh
	$(MAKE) -C tests/fuzz run FUZZ_TARGET=$(FUZZ_TARGET) FUZZ_SECONDS=$${FUZZ_SECONDS:-600}

fuzz-persistence:
	WITH_FUZZ=1 bash deps/install-deps.sh
	$(MAKE) -C tests/fuzz run FUZZ_TARGET=fuzz_restore FUZZ_SECONDS=$${FUZZ_SECONDS:-600}
	$(MAKE) -C tests/fuzz run FUZZ_TARGET=fuzz_rdbload FUZZ_SECONDS=$${FUZZ_SECONDS:-600}

bench:
	WITH_ORACLE=1 bash deps/install-deps.sh
	$(MAKE) -C src
	./utils/bench.sh

# Not part of make test: exits non-zero if a memory target is missed.
memtable:
	WITH_ORACLE=1 bash deps/install-deps.sh
	$(MAKE) -C src
	python3 utils/memtable.py

install: all
	mkdir -p $(INSTALL_BIN)
	install -m 755 src/redis-server $(INSTALL_BIN)/redis-server
	install -m 755 src/redis-benchmark $(INSTALL_BIN)/redis-benchmark
	install -m 755 src/redis-cli $(INSTALL_BIN)/redis-cli
	ln -sf redis-server $(INSTALL_BIN)/redis-check-rdb
	ln -sf redis-server $(INSTALL_BIN)/redis-check-aof

clean:
	$(MAKE) -C src clean
	rm -rf tests/tmp

.PHONY: all deps deps-check run test test-oracle test-diff valgrind-unit fuzz fuzz-persistence bench memtable install clean
