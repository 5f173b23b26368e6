# Sitrep: full-text search for defence news.
#   make run    build and serve http://localhost:8080 (the sample corpus is
#               indexed on first start)
#   make test   run every test (with the race detector)

GO      ?= go
BIN     := bin/sitrep
INDEX   ?= data/sitrep.bleve
ADDR    ?= localhost:8080

.PHONY: all build run test test-short chromium bench eval eval-prose measure-ingest lint clean

all: lint test

build:
	$(GO) build -o $(BIN) ./cmd/sitrep

run: build
	./$(BIN) serve --index $(INDEX) --addr $(ADDR)

# The browser tests drive headless Chromium: installed here when missing and
# we are root with apt-get (as on CI); otherwise we say how.
test: chromium
	$(GO) test -race ./...

chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install -y chromium)"; \
		echo "and run make test again, or run make test-short to skip the browser tests."; \
		exit 1; \
	fi

test-short:
	$(GO) test -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Entity extraction scored against the gold annotations (docs/ENTITIES.md);
# eval-prose scores the prose v2 NER on the same articles for comparison.
eval:
	$(GO) run ./index/entity/eval

eval-prose:
	cd index/entity/eval/prose && $(GO) run .

# Ingest throughput of the sample corpus into a fresh index (docs/PERFORMANCE.md).
measure-ingest: build
	rm -rf /tmp/sitrep-measure.bleve
	./$(BIN) ingest --quiet --index /tmp/sitrep-measure.bleve testdata/corpus
	du -sh /tmp/sitrep-measure.bleve

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin data
