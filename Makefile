# pmf-signals — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -q
JAR := pipeline/target/pmf-signals.jar
DEVTOOLS_CP := devtools/target/classpath.txt
BENCH_CP := bench/target/classpath.txt
USERS ?= 100
DAYS ?= 30
SEED ?= 42
END_DATE ?= 2026-11-23
JDBC_URL ?=
DATE ?=
OUT ?= out

.PHONY: help build demo test test-external datagen db-up db-down run bench-copy bench-llm privacy-report clean

help:
	@echo "make demo            embedded PostgreSQL + $(USERS)-user generated cohort + the daily run -> $(OUT)/"
	@echo "make test            the whole test suite (unit + integration on embedded PostgreSQL)"
	@echo "make test-external   the integration test against a real PostgreSQL 15 server (Debian package)"
	@echo "make datagen USERS=N DAYS=D SEED=S JDBC_URL=...   load a synthetic cohort with planted truth"
	@echo "make run JDBC_URL=... DATE=YYYY-MM-DD [CONFIG=runner-configs/direct.properties]   the daily run"
	@echo "make db-up / db-down  a persistent embedded PostgreSQL on localhost:54329 (data in .pmf/pgdata)"
	@echo "make bench-copy      10,000 users: pipeline wall time vs raw COPY of the same rows"
	@echo "make bench-llm       Gemini stage vs a 600 RPM / 1.5 s fake: rate against quota, 429s, ratio to the seed"
	@echo "make privacy-report  PII scrubber vs the generator's planted PII: recall per class, false positives per token"

build:
	$(MVN) install -DskipTests
	$(MVN) -pl devtools dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
	$(MVN) -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

demo: build
	java -cp devtools/target/classes:$$(cat $(DEVTOOLS_CP)) pmf.signals.devtools.Demo \
	  --jar=$(JAR) --users=$(USERS) --days=$(DAYS) --seed=$(SEED) --endDate=$(END_DATE) --outputDir=$(OUT)

test:
	mvn -B install

test-external:
	@url=$$(.ci/postgres15.sh start) && echo "external PostgreSQL 15 at $$url" && \
	  PMF_EXTERNAL_JDBC_URL=$$url PMF_EXTERNAL_USER=postgres PMF_EXTERNAL_PASSWORD=pmf-secret \
	  mvn -B -pl pipeline test -Dtest=ExternalPostgresIT -Dsurefire.failIfNoSpecifiedTests=false

datagen: build
	@test -n "$(JDBC_URL)" || { echo "JDBC_URL=jdbc:postgresql://HOST:PORT/DB?user=...&password=... is required (make db-up gives one)"; exit 2; }
	java -cp devtools/target/classes:$$(cat $(DEVTOOLS_CP)) pmf.signals.devtools.GenerateCohort \
	  --users=$(USERS) --days=$(DAYS) --seed=$(SEED) --endDate=$(END_DATE) --jdbcUrl='$(JDBC_URL)' --replace

db-up: build
	@mkdir -p .pmf
	@if [ -f .pmf/db.pid ] && kill -0 $$(cat .pmf/db.pid) 2>/dev/null; then echo "already running"; else \
	  nohup java -cp devtools/target/classes:$$(cat $(DEVTOOLS_CP)) pmf.signals.devtools.EmbeddedDbServer \
	    --dataDir=.pmf/pgdata --port=54329 > .pmf/db.log 2>&1 & echo $$! > .pmf/db.pid; \
	  for i in $$(seq 1 60); do grep -q jdbc: .pmf/db.log && break; sleep 1; done; fi
	@grep jdbc: .pmf/db.log

db-down:
	@if [ -f .pmf/db.pid ]; then kill $$(cat .pmf/db.pid) 2>/dev/null || true; rm -f .pmf/db.pid; fi

CONFIG ?= runner-configs/direct.properties
# A short batch job on a small machine runs faster without C2 compiler threads and with the serial GC
# (make bench-copy measures both side by side); override with JAVA_OPTS= for long runs.
JAVA_OPTS ?= -XX:TieredStopAtLevel=1 -XX:+UseSerialGC

run: build
	@test -n "$(JDBC_URL)" || { echo "JDBC_URL is required"; exit 2; }
	java $(JAVA_OPTS) -jar $(JAR) $$(grep -Ev '^[[:space:]]*(#|$$)' $(CONFIG) | sed 's/^/--/') \
	  --jdbcUrl='$(JDBC_URL)' $(if $(DATE),--date=$(DATE)) --outputDir=$(OUT)

bench-copy: build
	java -Xmx8g -cp bench/target/classes:$$(cat $(BENCH_CP)) pmf.signals.bench.PipelineVsCopy --users=10000 --days=30

bench-llm: build
	java -cp bench/target/classes:$$(cat $(BENCH_CP)) pmf.signals.bench.LlmThroughput \
	  --users=1000 --rpm=600 --latencyMs=1500 --workers=2 --seedCalls=40

privacy-report: build
	java -cp bench/target/classes:$$(cat $(BENCH_CP)) pmf.signals.bench.PrivacyReport --users=2000 --seed=$(SEED) --days=$(DAYS)

clean:
	mvn -B -q clean
	rm -rf $(OUT)
