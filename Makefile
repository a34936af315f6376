# pmf-signals — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B -q
JAR := pipeline/target/pmf-signals.jar
DEVTOOLS_CP := devtools/target/classpath.txt
BENCH_CP := bench/target/classpath.txt
# This checkout's own classes first, never another checkout's jars that `mvn install` left in ~/.m2.
OWN_CLASSES := devtools/target/classes:privacy/target/classes:llm/target/classes:transforms/target/classes:report/target/classes:pipeline/target/classes
THIRD_PARTY = $$(tr ':' '\n' < $(1) | grep -v '/pmf/signals/' | paste -sd: -)
DEVTOOLS_RUN_CP = $(OWN_CLASSES):$(call THIRD_PARTY,$(DEVTOOLS_CP))
BENCH_RUN_CP = bench/target/classes:$(OWN_CLASSES):$(call THIRD_PARTY,$(BENCH_CP))
# The demo's cohort: enough users for personas, enough days for a 30-day lookback before the first date run.
USERS ?= 1000
DAYS ?= 60
# Dates the demo runs: the return model needs 14 labelled dates (each with its 7 following dates run) before the last,
# so 22 at least; 36 also puts 5 days of history before D30's cohort, so "first seen" there means new.
BACKFILL_DAYS ?= 36
SEED ?= 42
END_DATE ?= 2026-11-23
JDBC_URL ?=
DATE ?=
OUT ?= out

.PHONY: help build demo test check test-flink test-external test-newcomer datagen db-up db-down run backfill flink-up flink-down bench-copy bench-runners bench-llm bench-models bench-tiers bench-quality privacy-report compare-outputs clean

help:
	@echo "make demo            embedded PostgreSQL + a generated cohort ($(USERS) users, $(DAYS) days) + the shipped jar"
	@echo "                     backfilling its last $(BACKFILL_DAYS) dates with the offline rules -> $(OUT)/index.html"
	@echo "make test            the whole test suite (unit + integration on embedded PostgreSQL); installs Chromium as root"
	@echo "make test-flink      the cluster tests: a standalone Flink cluster is started, used (a TaskManager killed; Gemini calls from both within one quota), stopped"
	@echo "make test-external   the integration test against a real PostgreSQL 15 server (Debian package; installed as root)"
	@echo "make test-newcomer   a fresh clone of HEAD, empty Maven repository and HOME: make demo, then its index and return model checked"
	@echo "make datagen USERS=N DAYS=D SEED=S JDBC_URL=...   load a synthetic cohort with planted truth"
	@echo "make check JDBC_URL=... [DATE=YYYY-MM-DD]   is the database ready? tables, columns, indexes, active users, tier"
	@echo "make run JDBC_URL=... DATE=YYYY-MM-DD [CONFIG=runner-configs/direct.properties]   the daily run"
	@echo "make backfill JDBC_URL=... FROM=YYYY-MM-DD TO=YYYY-MM-DD [FORCE=1] [CONFIG=...]   each date once (ledger: analysis_runs)"
	@echo "make db-up / db-down  a persistent embedded PostgreSQL on localhost:54329 (data in .pmf/pgdata)"
	@echo "make flink-up / flink-down   a standalone Flink 1.19 session cluster on localhost:8081 (JobManager + 2 TaskManagers)"
	@echo "make bench-copy      10,000 and 100,000 users: the jar (make run's flags) vs COPY of what it reads, step by step"
	@echo "make bench-runners   10,000 users, one date: DirectRunner vs Flink [local] vs a standalone cluster, each vs raw COPY"
	@echo "make bench-llm       Gemini stage vs a 600 RPM / 1.5 s fake: rate against quota, 429s, ratio to the seed"
	@echo "make bench-models    each current Gemini model on one generated day: refused requests, tokens, \$$ per 1,000 users"
	@echo "make bench-quality   planted top-3 frictions vs reported; return model AUC on a time-based hold-out"
	@echo "make bench-tiers     segments vs planted personas (ARI), tier D interval coverage over 20 seeds, 100..100,000 users"
	@echo "make privacy-report  PII scrubber vs the generator's planted PII: recall per class, false positives per token"
	@echo "make compare-outputs BASE=REV [COMPARE=...]   every output of REV's jar and this tree's on the demo and bench"
	@echo "                     cohorts (same dates, offline rules): identical, or each difference (exit 1)"

build:
	$(MVN) install -DskipTests
	$(MVN) -pl devtools dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
	$(MVN) -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

# The demo's pipeline JVM runs all its dates in one process for about two minutes, long enough for C2 to pay off:
# JAVA_OPTS's C1-only took 20% more CPU here (the default G1, 9% more), so only the serial GC.
DEMO_JAVA_OPTS ?= -XX:+UseSerialGC

demo: build
	java $(JAVA_OPTS) -cp $(DEVTOOLS_RUN_CP) pmf.signals.devtools.Demo --jar=$(JAR) --users=$(USERS) --days=$(DAYS) \
	  --backfillDays=$(BACKFILL_DAYS) --seed=$(SEED) --endDate=$(END_DATE) --outputDir=$(OUT) --jvmFlags='$(DEMO_JAVA_OPTS)'

test:
	.ci/provide.sh chromium
	mvn -B install

# Stops the server afterwards, keeping the test's exit status, so CI leaves nothing running.
test-external:
	.ci/provide.sh postgresql-15
	@url=$$(.ci/postgres15.sh start) && echo "external PostgreSQL 15 at $$url" && \
	  PMF_EXTERNAL_JDBC_URL=$$url PMF_EXTERNAL_USER=postgres PMF_EXTERNAL_PASSWORD=pmf-secret \
	  mvn -B -pl pipeline -am test -Dtest=ExternalPostgresIT -Dsurefire.failIfNoSpecifiedTests=false; \
	  status=$$?; .ci/postgres15.sh stop; exit $$status

# What a newcomer gets from the README's first command, on what is committed (HEAD), with nothing cached.
test-newcomer:
	.ci/newcomer.sh

datagen: build
	@test -n "$(JDBC_URL)" || { echo "JDBC_URL=jdbc:postgresql://HOST:PORT/DB?user=...&password=... is required (make db-up gives one)"; exit 2; }
	java -cp $(DEVTOOLS_RUN_CP) pmf.signals.devtools.GenerateCohort \
	  --users=$(USERS) --days=$(DAYS) --seed=$(SEED) --endDate=$(END_DATE) --jdbcUrl='$(JDBC_URL)' --replace

db-up: build
	@mkdir -p .pmf
	@if [ -f .pmf/db.pid ] && kill -0 $$(cat .pmf/db.pid) 2>/dev/null; then echo "already running"; else \
	  nohup java -cp $(DEVTOOLS_RUN_CP) pmf.signals.devtools.EmbeddedDbServer \
	    --dataDir=.pmf/pgdata --port=54329 > .pmf/db.log 2>&1 & echo $$! > .pmf/db.pid; \
	  for i in $$(seq 1 60); do grep -q jdbc: .pmf/db.log && break; sleep 1; done; fi
	@grep jdbc: .pmf/db.log

db-down:
	@if [ -f .pmf/db.pid ]; then kill $$(cat .pmf/db.pid) 2>/dev/null || true; rm -f .pmf/db.pid; fi

CONFIG ?= runner-configs/direct.properties
# A short batch job on a small machine runs faster without C2 compiler threads and with the serial GC
# (make bench-copy measures both side by side); override with JAVA_OPTS= for long runs.
JAVA_OPTS ?= -XX:TieredStopAtLevel=1 -XX:+UseSerialGC

# ARGS: more pipeline options; one naming an option of the config replaces it, e.g. ARGS=--flinkMaster=otherhost:8081
ARGS ?=
# Each key=value line of CONFIG as --key=value, less those ARGS set (Beam rejects an option given twice).
CONFIG_ARGS = $$(grep -Ev '^[[:space:]]*(\#|$$)' $(CONFIG) | awk -v over='$(ARGS)' \
  'BEGIN { n = split(over, a, " "); for (i = 1; i <= n; i++) { k = a[i]; sub(/^--/, "", k); sub(/=.*/, "", k); set[k] = 1 } } \
   { k = $$0; sub(/=.*/, "", k); if (!(k in set)) print "--" $$0 }')

run: build
	@test -n "$(JDBC_URL)" || { echo "JDBC_URL is required"; exit 2; }
	java $(JAVA_OPTS) -jar $(JAR) $(CONFIG_ARGS) --jdbcUrl='$(JDBC_URL)' $(if $(DATE),--date=$(DATE)) --outputDir=$(OUT) $(ARGS)

# The source check alone: tables, columns, types, indexes, rows, the date's active users and tier (exit 0: a run can go).
check: build
	@test -n "$(JDBC_URL)" || { echo "JDBC_URL=jdbc:postgresql://HOST:PORT/DB?user=... is required"; exit 2; }
	java $(JAVA_OPTS) -jar $(JAR) --jdbcUrl='$(JDBC_URL)' $(if $(DATE),--date=$(DATE)) --check $(ARGS)

# Every date FROM..TO (TO defaults to yesterday) as `make run` would run it; dates with a succeeded run are skipped
# unless FORCE=1; a failed date does not stop the others, and makes the exit code 1.
FROM ?=
TO ?=
FORCE ?=

backfill: build
	@test -n "$(JDBC_URL)" || { echo "JDBC_URL is required"; exit 2; }
	@test -n "$(FROM)" || { echo "FROM=YYYY-MM-DD is required (TO defaults to yesterday)"; exit 2; }
	java $(JAVA_OPTS) -jar $(JAR) $(CONFIG_ARGS) --jdbcUrl='$(JDBC_URL)' --from=$(FROM) $(if $(TO),--to=$(TO)) \
	  $(if $(FORCE),--force) --outputDir=$(OUT) $(ARGS)

# A standalone Flink 1.19 session cluster from Maven jars (runner-configs/flink/): JobManager + 2 TaskManagers, each its
# own JVM, logs and pids in .pmf/flink/. Submit with CONFIG=runner-configs/flink-cluster.properties.
# FLINK_REST_PORT / FLINK_RPC_PORT move it off 8081 / 6123.
FLINK_REST_PORT ?= 8081
FLINK_RPC_PORT ?= 6123
export FLINK_REST_PORT FLINK_RPC_PORT

flink-up:
	.ci/flink.sh up

flink-down:
	.ci/flink.sh down

# Starts its own cluster (so make it on free ports if one runs: FLINK_REST_PORT=18081 FLINK_RPC_PORT=16123), runs
# FlinkClusterIT against it (same rows as DirectRunner and [local]; a TaskManager SIGKILLed mid-job) and
# FlinkClusterQuotaIT (the Gemini stage on both TaskManagers within one quota), always stops it.
# The TaskManagers get a test key in their environment (a real GEMINI_API_KEY of yours is never used here); the tests
# learn it from PMF_FLINK_GEMINI_API_KEY, since surefire sets GEMINI_API_KEY of its own. Exported, not on a command
# line, so make does not echo it.
test-flink: export GEMINI_API_KEY = test-key-flink-cluster
test-flink: export PMF_FLINK_GEMINI_API_KEY = test-key-flink-cluster
test-flink: build
	rm -f pipeline/target/flink-ratelimit.txt
	.ci/flink.sh up
	PMF_FLINK_MASTER=localhost:$(FLINK_REST_PORT) PMF_FLINK_DIR=$(CURDIR)/.pmf/flink \
	  mvn -B -pl pipeline -am test -Dtest='FlinkCluster*IT' -Dsurefire.failIfNoSpecifiedTests=false; \
	  status=$$?; .ci/flink.sh down; cat pipeline/target/flink-ratelimit.txt 2>/dev/null; exit $$status

# SIZES: the cohorts, each generated once per run; 3 rounds each, about 25 minutes on 2 cores for both sizes.
bench-copy: SIZES = 10000,100000
bench-copy: build
	java -Xmx8g -cp $(BENCH_RUN_CP) pmf.signals.bench.PipelineVsCopy --sizes=$(SIZES) --days=30 --jvmFlags='$(JAVA_OPTS)'

# Starts its own cluster for the third runner (FLINK_REST_PORT/FLINK_RPC_PORT move it) and always stops it.
bench-runners: build
	.ci/flink.sh up
	java -cp $(BENCH_RUN_CP) pmf.signals.bench.RunnersVsCopy --users=10000 --days=30 \
	  --flinkMaster=localhost:$(FLINK_REST_PORT) --jvmFlags='$(JAVA_OPTS)'; status=$$?; .ci/flink.sh down; exit $$status

bench-llm: build
	java -cp $(BENCH_RUN_CP) pmf.signals.bench.LlmThroughput \
	  --users=1000 --rpm=600 --latencyMs=1500 --workers=2 --seedCalls=40

# PARTS: ari, coverage, scale or all; SIZES for the scale table. About 25 minutes in all on 2 cores.
PARTS ?= all
SIZES ?= 100,1000,10000,100000
bench-tiers: build
	java -Xmx6g -cp $(BENCH_RUN_CP) pmf.signals.bench.TierBench --part=$(PARTS) --seeds=20 --sizes=$(SIZES)

# Each current, priced model in the catalogue on one generated date: requests refused, tokens per user, $ per 1,000 users.
bench-models: build
	java -cp $(BENCH_RUN_CP) pmf.signals.bench.ModelCosts --users=2000

# Three seeds with a friction in a product area no rule knows; the first is backfilled 30 dates for the return model,
# the others run the last date only; then the discovery stage alone at tier C and D sizes. QUALITY_ARGS overrides.
QUALITY_ARGS ?=
bench-quality: build
	java -Xmx6g -cp $(BENCH_RUN_CP) pmf.signals.bench.QualityBench --users=3000 --days=45 --backfillDays=30 \
	  --seeds=42,7,1234 --novelFriction=true --discoveryScale=10000,100000 $(QUALITY_ARGS)

privacy-report: build
	java -cp $(BENCH_RUN_CP) pmf.signals.bench.PrivacyReport --users=2000 --seed=$(SEED) --days=30
	$(MVN) -pl pipeline -am test -Dtest=PrivacyPipelineTest -Dsurefire.failIfNoSpecifiedTests=false
	@cat pipeline/target/privacy-e2e.txt

# Before/after (issue 18, part 5): BASE's jar, built in a temporary worktree, and this tree's, on the demo cohort (its
# 36 dates) and bench-quality's 3,000 users (the last BENCH_DATES dates), both tier B. COMPARE passes more
# CompareOutputs options, e.g. COMPARE='--cohorts=demo --keep', or tier C (inherited insights) for both jars:
# COMPARE="--pipelineArgs='--tierThresholds=20,50,100000 --samplePerSegment=4 --nearestPerSegment=1'".
BASE ?=
BENCH_DATES ?= 8
COMPARE ?=
compare-outputs: build
	@test -n "$(BASE)" || { echo "BASE=<git revision> is required, e.g. make compare-outputs BASE=main"; exit 2; }
	CLASSPATH="$(BENCH_RUN_CP)" MVN="$(MVN)" .ci/compare-outputs.sh $(BASE) --demoDates=$(BACKFILL_DAYS) \
	  --benchDates=$(BENCH_DATES) $(COMPARE)

clean:
	mvn -B -q clean
	rm -rf $(OUT)
