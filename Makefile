# Sitrep: full-text search for defence news.
#   make run    build and serve http://localhost:8080 (the sample corpus is
#               indexed on first start)
#   make test   run every test (with the race detector)

GO      ?= go
BIN     := bin/sitrep
INDEX   ?= data/sitrep.bleve
ADDR    ?= localhost:8080

.PHONY: all build run test test-short chromium bench eval eval-prose train-entities check-entities-model eval-entities-cv measure-ingest screenshot lint clean soak common-words word-clusters

all: lint test

build:
	@test -x $(BIN) || echo "Building $(BIN): the first build compiles bleve and takes a few minutes on 2 cores."
	$(GO) build -o $(BIN) ./cmd/sitrep

run: build
	./$(BIN) serve --index $(INDEX) --addr $(ADDR)

# Every package's tests with the race detector, the browser tests in
# headless Chromium included (installed here when missing and we are root
# with apt-get, as on CI; otherwise we say how). Scale, soak and long fuzz
# runs have their own targets (bench-scale, soak).
test: chromium
	@echo "Running every test with the race detector (go test -race ./...): a few minutes on 2 cores."
	$(GO) test -race ./...
	@echo "Checking the shipped tagger model and word clusters against a fresh training, without the race detector (arithmetic whose rounds share no memory, ten times quicker)."
	$(GO) test -run '^TestShipped' ./index/entity/internal/train ./index/entity/internal/wordclusters

chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "The browser tests need Chromium, which is missing: installing it now with apt-get install chromium (as root)."; \
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

# The entity tagger's weights (docs/ENTITIES.md), from ../shared/data/ner
# and re3d-dev, the mean of 8 trainings in different orders (-rounds);
# deterministic (~12 s on 2 cores), written to index/entity/data/tagger.bin.gz.
train-entities:
	$(GO) run ./index/entity/internal/train

# The word clusters the tagger reads (index/entity/data/clusters.txt.gz,
# embedded), learnt from the words of the GMB, WikiGold, re3d-dev and the
# sample corpus less its DVIDS articles (docs/ENTITIES.md, "Sixth round");
# deterministic (~10 s). The tagger's cluster features are off; with
# them on, a new file calls for make train-entities.
word-clusters:
	$(GO) run ./index/entity/internal/wordclusters

# Fails unless the shipped model is byte for byte a fresh training's
# (~12 s; also TestShippedModelIsTrained, outside -short).
check-entities-model:
	$(GO) run ./index/entity/internal/train check

# The extractor cross-validated with the shared scorer (docs/ENTITIES.md):
# models trained without the documents they are scored on (GMB and WikiGold
# folds, WikiGold and re3d-dev left out whole); prints Markdown tables.
eval-entities-cv:
	$(GO) run ./index/entity/internal/train cv

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

# Load test (docs/RELIABILITY.md): 32 clients for SOAK_SECONDS against a
# served index of SOAK_N generated articles and the sample corpus, while
# articles arrive through the write API at 20 a second. The corpus and the
# index are kept in SOAK_DIR for the next run.
SOAK_SECONDS ?= 60
SOAK_N       ?= 100000
SOAK_DIR     ?= /tmp/sitrep-soak
soak:
	@mkdir -p $(SOAK_DIR)
	@test -f $(SOAK_DIR)/corpus-$(SOAK_N).jsonl || { $(GO) build -o bin/sitrep-bench ./cmd/sitrep-bench && \
		./bin/sitrep-bench gen --n $(SOAK_N) --out $(SOAK_DIR)/corpus-$(SOAK_N).jsonl; }
	SITREP_SOAK_SECONDS=$(SOAK_SECONDS) SITREP_SOAK_CORPUS=$(SOAK_DIR)/corpus-$(SOAK_N).jsonl \
	SITREP_SOAK_INDEX=$(SOAK_DIR)/index-$(SOAK_N).bleve \
		$(GO) test -run '^TestSoak$$' -v -count 1 -timeout 60m ./cmd/sitrep

# Scale benchmarks (docs/PERFORMANCE.md): a synthetic corpus of N articles,
# then ingest, query and HTTP timings over it, printed as Markdown.
#   make gen-scale N=100000 [SEED=1] [PROFILE=default|high-cardinality]
#   make bench-scale N=100000 [HTTP_SECONDS=20]
N            ?= 100000
SEED         ?= 1
PROFILE      ?= default
HTTP_SECONDS ?= 20
SCALE_DIR    ?= /tmp/sitrep-scale
SCALE_CORPUS := $(SCALE_DIR)/corpus-$(PROFILE)-$(N)-seed$(SEED).jsonl
SCALE_INDEX  := $(SCALE_DIR)/index-$(PROFILE)-$(N)-seed$(SEED).bleve

.PHONY: gen-scale bench-scale

bin/sitrep-bench: FORCE
	$(GO) build -o $@ ./cmd/sitrep-bench

gen-scale: bin/sitrep-bench
	@mkdir -p $(SCALE_DIR)
	./bin/sitrep-bench gen --n $(N) --seed $(SEED) --profile $(PROFILE) --out $(SCALE_CORPUS)

bench-scale: bin/sitrep-bench
	@mkdir -p $(SCALE_DIR)
	@test -f $(SCALE_CORPUS) || ./bin/sitrep-bench gen --n $(N) --seed $(SEED) --profile $(PROFILE) --out $(SCALE_CORPUS)
	rm -rf $(SCALE_INDEX)
	./bin/sitrep-bench run --corpus $(SCALE_CORPUS) --index $(SCALE_INDEX) --http-seconds $(HTTP_SECONDS) \
		--cpuprofile $(SCALE_DIR)/$(PROFILE)-$(N) > $(SCALE_DIR)/report-$(PROFILE)-$(N).md
	cat $(SCALE_DIR)/report-$(PROFILE)-$(N).md

# Searches over shards against one index (docs/CLUSTER.md) on a generated
# corpus of GATHER_N articles (20,000: the issue's figure; too slow for
# make test), and the time they take over 2 and 4 shards.
#   make test-gather-scale [GATHER_N=20000]
#   make bench-gather [GATHER_N=20000]
GATHER_N     ?= 20000
GATHER_INDEX := $(SCALE_DIR)/gather-$(GATHER_N).bleve

.PHONY: test-gather-scale bench-gather gather-index

gather-index: build bin/sitrep-bench
	@mkdir -p $(SCALE_DIR)
	@test -d $(GATHER_INDEX) || { ./bin/sitrep-bench gen --n $(GATHER_N) --out $(SCALE_DIR)/gather-$(GATHER_N).jsonl && \
		$(BIN) ingest --quiet --index $(GATHER_INDEX) $(SCALE_DIR)/gather-$(GATHER_N).jsonl; }

test-gather-scale: gather-index
	SITREP_SCALE_INDEX=$(GATHER_INDEX) $(GO) test -run '^TestGatherScale$$' -v -count 1 -timeout 60m ./search

bench-gather: gather-index
	SITREP_SCALE_INDEX=$(GATHER_INDEX) $(GO) test -run '^$$' -bench '^BenchmarkGather$$' -benchtime 10x -count 1 -timeout 60m ./search

# Searches through the queue group of one shard with 1, 2 and 4 replica
# processes (sitrep serve --cluster) on copies of the GATHER_N index,
# behind 3 NATS servers (docs/CLUSTER.md, "Measured: replicas of one
# shard").
#   make bench-replicas [GATHER_N=20000] [REPLICA_SECONDS=20] [REPLICA_CLIENTS=2,8]
REPLICA_SECONDS ?= 20
REPLICA_CLIENTS ?= 2,8

.PHONY: bench-replicas
bench-replicas: gather-index
	SITREP_SCALE_INDEX=$(GATHER_INDEX) SITREP_REPLICA_SECONDS=$(REPLICA_SECONDS) SITREP_REPLICA_CLIENTS=$(REPLICA_CLIENTS) \
		$(GO) test -run '^TestReplicaThroughput$$' -v -count 1 -timeout 60m ./cmd/sitrep

.PHONY: FORCE
FORCE:

# A screenshot of the search page with facets for the README
# (docs/screenshot-search.png), taken with headless Chromium against a
# server on a scratch index of the sample corpus.
SHOT_ADDR ?= localhost:18090
screenshot: build chromium
	@rm -rf /tmp/sitrep-shot.bleve
	@./$(BIN) serve --index /tmp/sitrep-shot.bleve --addr $(SHOT_ADDR) 2>/dev/null & echo $$! > /tmp/sitrep-shot.pid; \
	for i in $$(seq 1 100); do curl -sf http://$(SHOT_ADDR)/healthz >/dev/null && break; sleep 0.2; done; \
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars --user-data-dir=$$(mktemp -d) \
		--window-size=1280,900 --screenshot=docs/screenshot-search.png \
		'http://$(SHOT_ADDR)/?q=isil&place=Syria' 2>/dev/null; \
	echo "bytes of /?q=isil&place=Syria: $$(curl -s 'http://$(SHOT_ADDR)/?q=isil&place=Syria' | wc -c)"; \
	kill $$(cat /tmp/sitrep-shot.pid); rm -f /tmp/sitrep-shot.pid

# The basemap of the maps (web/internal/basemap/world.txt): Natural Earth's
# 1:110m countries from the npm package world-atlas 2.0.2, fetched into a
# temporary directory. go build needs neither npm nor this target: the
# file is committed.
.PHONY: basemap
basemap:
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz && cd - >/dev/null && \
	$(GO) run ./web/internal/basemap/gen -in $$tmp/package/countries-110m.json -out web/internal/basemap/world.txt; \
	status=$$?; rm -rf $$tmp; exit $$status

# The common words whose adjacent pairs the index keeps for phrases
# (index/commonwords.txt, embedded; part of the index's schema: an index
# made with another list must be rebuilt). Counted in the GMB news
# extract, public domain, and the sample corpus.
COMMON_WORDS ?= 3000
GMB ?= /work/shared/data/ner/gmb-voa.conll.gz
common-words:
	$(GO) run ./index/internal/commonwords -k $(COMMON_WORDS) -gmb $(GMB) -corpus testdata/corpus > index/commonwords.txt.new
	mv index/commonwords.txt.new index/commonwords.txt
