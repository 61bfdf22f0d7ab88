# ORCS — build, test and demo.  `make` builds build/orcs; `make check` runs
# every test under AddressSanitizer and UBSan; `make demo` installs what is
# missing, builds, loads the bundled data and serves the site.

VERSION := 0.1.0
CC      ?= cc
ALTCC   ?= $(if $(findstring clang,$(CC)),gcc,clang)

# pkg-config modules of the Debian bookworm packages (scripts/install-deps
# installs them); listed once, in scripts/pkg-modules.
PKGS := $(shell cat scripts/pkg-modules)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread

STD      := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Werror
CPPFLAGS := -Isrc -I. -Ibuild/gen -DORCS_DATADIR='"$(CURDIR)/data"' $(PKG_CFLAGS)
CFLAGS   ?= -O2 -g
SANFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

LIB_SRC  := $(sort $(wildcard src/*/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
MIGRATIONS := $(sort $(wildcard src/warehouse/migrations/*.sql))
ASSETS   := $(sort $(wildcard web/static/*))
GEN_SRC  := build/gen/migrations.c build/gen/assets.c
GEN_HDR  := build/gen/orcs_version.h build/gen/suites.h

OBJ      := $(patsubst %.c,build/obj/%.o,$(LIB_SRC) $(GEN_SRC:build/%=%))
CLI_OBJ  := $(patsubst %.c,build/obj/%.o,$(CLI_SRC))
SOBJ     := $(patsubst %.c,build/san/obj/%.o,$(LIB_SRC) $(GEN_SRC:build/%=%))
SCLI_OBJ := $(patsubst %.c,build/san/obj/%.o,$(CLI_SRC))
SUNIT_OBJ:= $(patsubst %.c,build/san/obj/%.o,$(UNIT_SRC))

.PHONY: all deps check demo docs bench fuzz clean compilers test-build
all: build/orcs

deps:
	@scripts/install-deps --if-missing

build/gen/migrations.c: scripts/embed-sql $(MIGRATIONS)
	@mkdir -p $(dir $@)
	scripts/embed-sql $@ $(MIGRATIONS)

build/gen/assets.c: scripts/embed-text $(ASSETS)
	@mkdir -p $(dir $@)
	scripts/embed-text $@ $(ASSETS)

build/gen/suites.h: $(UNIT_SRC) Makefile
	@mkdir -p $(dir $@)
	@for f in $(UNIT_SRC:tests/unit/%.c=%); do case $$f in test_*) echo "SUITE($${f#test_})";; esac; done > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

build/gen/orcs_version.h: Makefile
	@mkdir -p $(dir $@)
	@echo '#define ORCS_VERSION "$(VERSION)"' > $@.tmp && mv $@.tmp $@

# The generated C file lives in build/gen; map its object like the others.
build/obj/gen/%.o: build/gen/%.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(STD) $(WARN) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@
build/san/obj/gen/%.o: build/gen/%.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(STD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -MMD -MP -c $< -o $@

build/obj/%.o: %.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(STD) $(WARN) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@
build/san/obj/%.o: %.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(STD) $(WARN) $(CPPFLAGS) $(SANFLAGS) -MMD -MP -c $< -o $@

build/liborcs.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^
build/san/liborcs.a: $(SOBJ)
	@rm -f $@
	ar rcs $@ $^

build/orcs: $(CLI_OBJ) build/liborcs.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)
build/san/orcs: $(SCLI_OBJ) build/san/liborcs.a
	$(CC) $(SANFLAGS) -o $@ $^ $(PKG_LIBS)
build/san/test-unit: $(SUNIT_OBJ) build/san/liborcs.a
	$(CC) $(SANFLAGS) -o $@ $^ $(PKG_LIBS)

test-build: build/orcs build/san/orcs build/san/test-unit

# Every source must also compile warning-free with the other compiler.
compilers: $(GEN_HDR) $(GEN_SRC)
	@if command -v $(ALTCC) >/dev/null; then \
	  for f in $(LIB_SRC) $(CLI_SRC) $(UNIT_SRC) $(GEN_SRC); do \
	    $(ALTCC) $(STD) $(WARN) $(CPPFLAGS) -fsyntax-only $$f || exit 1; \
	  done; echo "compilers: $(ALTCC) OK"; \
	else echo "compilers: $(ALTCC) absent, skipped"; fi

check: deps
	@$(MAKE) --no-print-directory test-build compilers
	@tests/run

docs: build/orcs
	build/orcs help --markdown > docs/cli.md
	@rm -f build/docs.db*; build/orcs init --db build/docs.db >/dev/null
	build/orcs stats --list --markdown --db build/docs.db > docs/indicators.md

demo: deps
	@$(MAKE) --no-print-directory build/orcs
	@scripts/demo

bench: build/orcs
	@bench/run

fuzz:
	@fuzz/build

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
