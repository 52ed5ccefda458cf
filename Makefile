# Gobi — the two commands that matter: `make run` and `make test`.
GO      ?= go
BIN     := bin/gobi
GOFLAGS ?=

WASM    := assets/app.wasm

.PHONY: run build wasm test vet fuzz bench clean

## run: build everything and start the server on :8080 with embedded defaults
run: build
	./$(BIN)

## build: the web client, then the server binary that embeds it
build: wasm
	$(GO) build $(GOFLAGS) -o $(BIN) ./server

## wasm: the browser client (wasm/) into assets/, with a gzip copy the
## server sends to browsers that accept it, and the matching wasm_exec.js
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WASM) ./wasm
	gzip -9 -n -k -f $(WASM)
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" assets/wasm_exec.js

## test: vet and staticcheck (the version pinned in go.mod's tool block),
## the WASM build of shared/, and the whole suite (integration
## tests against PostgreSQL/MariaDB/Redis run when GOBI_TEST_* are set)
test: vet wasm
	GOOS=js GOARCH=wasm $(GO) build ./shared/... ./render/...
	$(GO) test -count=1 -timeout 20m ./...

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./shared/... ./render/... ./wasm/...
	$(GO) build -o bin/staticcheck honnef.co/go/tools/cmd/staticcheck
	bin/staticcheck ./...
	GOOS=js GOARCH=wasm bin/staticcheck ./shared/... ./render/... ./wasm/...

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
	rm -rf bin $(WASM) $(WASM).gz assets/wasm_exec.js
