# Gobi — the two commands that matter: `make run` and `make test`.
GO      ?= go
BIN     := bin/gobi
GOFLAGS ?=

.PHONY: run build test vet fuzz bench clean

## run: build everything and start the server on :8080 with embedded defaults
run: build
	./$(BIN)

## build: the server binary (with the web client embedded)
build:
	$(GO) build $(GOFLAGS) -o $(BIN) ./server

## test: vet, the WASM build of shared/, and the whole suite (integration
## tests against PostgreSQL/MariaDB/Redis run when GOBI_TEST_* are set)
test: vet
	GOOS=js GOARCH=wasm $(GO) build ./shared/...
	$(GO) test -count=1 -timeout 20m ./...

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./shared/...

## fuzz: run each fuzzer for FUZZTIME (default 30s)
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzCheck -fuzztime=$(FUZZTIME) ./shared/sqlguard
	$(GO) test -run='^$$' -fuzz=FuzzTokenize -fuzztime=$(FUZZTIME) ./shared/sqllex
	$(GO) test -run='^$$' -fuzz=FuzzBind -fuzztime=$(FUZZTIME) ./shared/sqlparam

## bench: the benchmarks behind the performance figures in README.md
bench:
	bash bench/scan.sh

clean:
	rm -rf bin
