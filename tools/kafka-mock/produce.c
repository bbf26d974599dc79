/*
 * produce: a Kafka producer for test data with exact control over every
 * record (binary/null/empty keys and values, explicit partition and
 * timestamp, ordered and repeated headers) and the compression codec.
 *
 * Usage:
 *   produce --bootstrap HOST:PORT[,..] --topic T [--compression CODEC]
 *           [--report] [-X prop=value]...                 < records
 *   produce --bootstrap .. --topic T --bulk COUNT --size BYTES
 *           [--partitions N] [--fill random|text|zero] [--compression CODEC]
 *
 * CODEC: none, gzip, snappy, lz4, zstd.
 *
 * Record stream on stdin (all integers big-endian), repeated until EOF:
 *   int32  partition        (-1: let the partitioner choose)
 *   int64  timestamp ms     (<= 0: producer's current time)
 *   int32  key length       (-1: null key), then the key bytes
 *   int32  value length     (-1: null value), then the value bytes
 *   int32  header count, then per header:
 *     int32 name length, name bytes, int32 value length (-1: null), bytes
 *
 * Bulk mode generates COUNT records of BYTES each, keyed "k<index>",
 * spread round-robin over partitions 0..N-1 (N defaults to 1).
 *
 * Records are produced in stream order. With --report, one line per record
 * is printed once all are delivered, in input order:
 *   DR <index> <partition> <offset>
 * The last line is always `DONE <delivered> <failed> <elapsed_ms> <bytes>`.
 * The exit status is 0 only if every record was delivered.
 *
 * Directives: where a record would start, an int32 below -1 is a directive
 * instead (the record stream above is unchanged):
 *   -2 BEGIN   begin a transaction           (needs --transactional-id)
 *   -3 COMMIT  flush, commit the transaction (needs --transactional-id)
 *   -4 ABORT   flush, then abort it: its records are written to the log
 *              and then aborted                (needs --transactional-id)
 *   -5 FLUSH   wait until every record so far is delivered
 * Each directive, once done, prints the DR lines (with --report) of the
 * records before it not reported yet, then `OK begin|commit|abort|flush`,
 * and flushes stdout, so a driver can feed the stream step by step and keep
 * a transaction open while it does other things. A failed directive prints
 * `ERR <directive> <reason>` and exits with status 1.
 *
 * With --transactional-id ID the producer is transactional: it calls
 * init_transactions first (which fences an earlier producer with the same
 * id and aborts its ongoing transaction) and prints `OK init`; records must
 * be produced between BEGIN and COMMIT/ABORT. A transaction still open at EOF is left open (its
 * records are flushed); the process then exits without ending it.
 */

#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

typedef struct {
        int32_t partition;
        int64_t offset;
        int err;
} delivery_t;

static delivery_t *g_dr;
static size_t g_dr_cap;
static size_t g_delivered, g_failed;
static size_t g_reported; /* DR lines printed so far */

enum {
        DIRECTIVE_BEGIN  = -2,
        DIRECTIVE_COMMIT = -3,
        DIRECTIVE_ABORT  = -4,
        DIRECTIVE_FLUSH  = -5,
};

static void die(const char *fmt, const char *arg) {
        fprintf(stderr, "produce: ");
        fprintf(stderr, fmt, arg);
        fprintf(stderr, "\n");
        exit(2);
}

static int64_t now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *m,
                      void *opaque) {
        size_t idx = (size_t)(uintptr_t)m->_private;
        (void)rk;
        (void)opaque;
        if (m->err) {
                g_failed++;
                fprintf(stderr, "produce: record %zu failed: %s\n", idx,
                        rd_kafka_err2str(m->err));
        } else {
                g_delivered++;
        }
        if (g_dr && idx < g_dr_cap) {
                g_dr[idx].partition = m->partition;
                g_dr[idx].offset    = m->offset;
                g_dr[idx].err       = m->err;
        }
}

static void log_cb(const rd_kafka_t *rk, int level, const char *fac,
                   const char *buf) {
        (void)rk;
        fprintf(stderr, "produce: %d %s: %s\n", level, fac, buf);
}

/* Reads exactly n bytes; returns 0 on success, 1 on clean EOF at the start
 * of a record (when allow_eof), exits on a truncated stream. */
static int read_full(void *p, size_t n, int allow_eof) {
        size_t got = fread(p, 1, n, stdin);
        if (got == n)
                return 0;
        if (got == 0 && allow_eof && feof(stdin))
                return 1;
        die("%s", "truncated record stream on stdin");
        return -1;
}

static int32_t read_i32(void) {
        unsigned char b[4];
        read_full(b, 4, 0);
        return (int32_t)(((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
                         ((uint32_t)b[2] << 8) | (uint32_t)b[3]);
}

static int64_t read_i64(void) {
        unsigned char b[8];
        uint64_t v = 0;
        int i;
        read_full(b, 8, 0);
        for (i = 0; i < 8; i++)
                v = (v << 8) | b[i];
        return (int64_t)v;
}

/* Returns malloc'd buffer (never NULL for len >= 0), *lenp = -1 for null. */
static char *read_bytes(int32_t *lenp) {
        int32_t len = read_i32();
        char *p;
        *lenp = len;
        if (len < -1)
                die("%s", "negative length in record stream");
        if (len == -1)
                return NULL;
        p = malloc((size_t)len + 1);
        if (!p)
                die("%s", "out of memory");
        if (len > 0)
                read_full(p, (size_t)len, 0);
        return p;
}

static void ensure_dr_cap(size_t idx) {
        if (idx < g_dr_cap)
                return;
        size_t ncap = g_dr_cap ? g_dr_cap * 2 : 1024;
        while (ncap <= idx)
                ncap *= 2;
        g_dr = realloc(g_dr, ncap * sizeof(*g_dr));
        if (!g_dr)
                die("%s", "out of memory");
        memset(g_dr + g_dr_cap, 0, (ncap - g_dr_cap) * sizeof(*g_dr));
        g_dr_cap = ncap;
}

/* producev, waiting while the local queue is full. */
static rd_kafka_resp_err_t produce_one(rd_kafka_t *rk, const char *topic,
                                       int32_t partition, int64_t ts,
                                       const char *key, int32_t keylen,
                                       const char *val, int32_t vallen,
                                       rd_kafka_headers_t *hdrs, size_t idx) {
        for (;;) {
                rd_kafka_resp_err_t err;
                if (hdrs)
                        err = rd_kafka_producev(
                            rk, RD_KAFKA_V_TOPIC(topic),
                            RD_KAFKA_V_PARTITION(partition),
                            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                            RD_KAFKA_V_KEY(key, keylen < 0 ? 0 : keylen),
                            RD_KAFKA_V_VALUE((void *)val,
                                             vallen < 0 ? 0 : vallen),
                            RD_KAFKA_V_TIMESTAMP(ts > 0 ? ts : 0),
                            RD_KAFKA_V_HEADERS(hdrs),
                            RD_KAFKA_V_OPAQUE((void *)(uintptr_t)idx),
                            RD_KAFKA_V_END);
                else
                        err = rd_kafka_producev(
                            rk, RD_KAFKA_V_TOPIC(topic),
                            RD_KAFKA_V_PARTITION(partition),
                            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                            RD_KAFKA_V_KEY(key, keylen < 0 ? 0 : keylen),
                            RD_KAFKA_V_VALUE((void *)val,
                                             vallen < 0 ? 0 : vallen),
                            RD_KAFKA_V_TIMESTAMP(ts > 0 ? ts : 0),
                            RD_KAFKA_V_OPAQUE((void *)(uintptr_t)idx),
                            RD_KAFKA_V_END);
                if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                        return err;
                rd_kafka_poll(rk, 50);
        }
}

/* Prints the DR lines of records [g_reported, upto). */
static void report_upto(size_t upto) {
        for (; g_reported < upto; g_reported++) {
                if (g_reported >= g_dr_cap || g_dr[g_reported].err)
                        printf("DR %zu -1 -1\n", g_reported);
                else
                        printf("DR %zu %" PRId32 " %" PRId64 "\n", g_reported,
                               g_dr[g_reported].partition,
                               g_dr[g_reported].offset);
        }
}

static void directive_failed(const char *name, const char *reason) {
        printf("ERR %s %s\n", name, reason);
        fflush(stdout);
        fprintf(stderr, "produce: %s failed: %s\n", name, reason);
        exit(1);
}

static void check_txn(const char *name, rd_kafka_error_t *error) {
        if (error) {
                char reason[512];
                snprintf(reason, sizeof(reason), "%s",
                         rd_kafka_error_string(error));
                rd_kafka_error_destroy(error);
                directive_failed(name, reason);
        }
}

/* Runs a directive, then reports it done on stdout. */
static void run_directive(rd_kafka_t *rk, int32_t directive, int txn,
                          int report, size_t idx) {
        const char *name = directive == DIRECTIVE_BEGIN    ? "begin"
                           : directive == DIRECTIVE_COMMIT ? "commit"
                           : directive == DIRECTIVE_ABORT  ? "abort"
                           : directive == DIRECTIVE_FLUSH  ? "flush"
                                                           : NULL;
        rd_kafka_resp_err_t err;
        if (!name)
                die("%s", "unknown directive in record stream");
        if (directive != DIRECTIVE_FLUSH && !txn)
                directive_failed(name, "needs --transactional-id");
        if (directive != DIRECTIVE_BEGIN) {
                /* Deliver every record so far: an aborted transaction's
                 * records are then in the log before its marker. */
                if ((err = rd_kafka_flush(rk, 60 * 1000)))
                        directive_failed(name, rd_kafka_err2str(err));
                if (g_failed)
                        directive_failed(name, "a record was not delivered");
        }
        if (directive == DIRECTIVE_BEGIN)
                check_txn(name, rd_kafka_begin_transaction(rk));
        else if (directive == DIRECTIVE_COMMIT)
                check_txn(name, rd_kafka_commit_transaction(rk, 60 * 1000));
        else if (directive == DIRECTIVE_ABORT)
                check_txn(name, rd_kafka_abort_transaction(rk, 60 * 1000));
        if (report)
                report_upto(idx);
        printf("OK %s\n", name);
        fflush(stdout);
}

static uint64_t xorshift(uint64_t *s) {
        uint64_t x = *s;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return *s = x;
}

int main(int argc, char **argv) {
        const char *bootstrap = NULL, *topic = NULL, *compression = "none";
        const char *fill = "random", *transactional_id = NULL;
        int report = 0, i;
        long long bulk = -1, size = 0, partitions = 1;
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;
        size_t idx = 0;
        unsigned long long bytes = 0;
        int64_t t0;

        rd_kafka_conf_set_log_cb(conf, log_cb);

#define SET(k, v)                                                              \
        do {                                                                   \
                if (rd_kafka_conf_set(conf, k, v, errstr, sizeof(errstr)))     \
                        die("%s", errstr);                                     \
        } while (0)

        /* Ordered, loss-free delivery by default. */
        SET("enable.idempotence", "true");
        SET("linger.ms", "5");
        SET("message.max.bytes", "100000000");
        SET("log_level", "4");

        for (i = 1; i < argc; i++) {
                const char *a = argv[i];
                const char *v = i + 1 < argc ? argv[i + 1] : NULL;
                if (!strcmp(a, "--report")) {
                        report = 1;
                        continue;
                }
                if (!v)
                        die("missing value for %s", a);
                i++;
                if (!strcmp(a, "--bootstrap"))
                        bootstrap = v;
                else if (!strcmp(a, "--topic"))
                        topic = v;
                else if (!strcmp(a, "--compression"))
                        compression = v;
                else if (!strcmp(a, "--bulk"))
                        bulk = atoll(v);
                else if (!strcmp(a, "--size"))
                        size = atoll(v);
                else if (!strcmp(a, "--partitions"))
                        partitions = atoll(v);
                else if (!strcmp(a, "--fill"))
                        fill = v;
                else if (!strcmp(a, "--transactional-id"))
                        transactional_id = v;
                else if (!strcmp(a, "-X")) {
                        char *kv = strdup(v), *eq = strchr(kv, '=');
                        if (!eq)
                                die("-X expects prop=value, got %s", v);
                        *eq = '\0';
                        SET(kv, eq + 1);
                        free(kv);
                } else
                        die("unknown argument %s", a);
        }
        if (!bootstrap || !topic)
                die("%s", "--bootstrap and --topic are required");
        if (bulk >= 0 && (size < 0 || partitions < 1))
                die("%s", "--bulk needs --size >= 0 and --partitions >= 1");
        if (bulk >= 0 && transactional_id)
                die("%s", "--bulk does not take --transactional-id");

        SET("bootstrap.servers", bootstrap);
        SET("compression.codec", compression);
        if (transactional_id)
                SET("transactional.id", transactional_id);
        if (bulk >= 0) {
                /* Favour large batches for volume. */
                SET("linger.ms", "20");
                SET("batch.size", "1000000");
        }
        rd_kafka_conf_set_dr_msg_cb(conf, dr_msg_cb);

        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk)
                die("%s", errstr);

        if (transactional_id) {
                check_txn("init", rd_kafka_init_transactions(rk, 60 * 1000));
                printf("OK init\n");
                fflush(stdout);
        }

        t0 = now_ms();

        if (bulk >= 0) {
                char *val = malloc((size_t)size + 1);
                uint64_t seed = 0x9e3779b97f4a7c15ULL;
                long long n;
                static const char *words[] = {
                    "kafka ", "backup ", "offset ", "partition ", "record ",
                    "topic ", "cos ",    "bucket ", "segment ",   "batch "};
                if (!val)
                        die("%s", "out of memory");
                for (n = 0; n < bulk; n++) {
                        char key[32];
                        int keylen = snprintf(key, sizeof(key), "k%lld", n);
                        long long j = 0;
                        rd_kafka_resp_err_t err;
                        if (!strcmp(fill, "zero")) {
                                memset(val, 0, (size_t)size);
                        } else if (!strcmp(fill, "text")) {
                                while (j < size) {
                                        const char *w =
                                            words[xorshift(&seed) % 10];
                                        size_t wl = strlen(w);
                                        if ((long long)wl > size - j)
                                                wl = (size_t)(size - j);
                                        memcpy(val + j, w, wl);
                                        j += (long long)wl;
                                }
                        } else {
                                for (; j + 8 <= size; j += 8) {
                                        uint64_t r = xorshift(&seed);
                                        memcpy(val + j, &r, 8);
                                }
                                for (; j < size; j++)
                                        val[j] = (char)xorshift(&seed);
                        }
                        if (report)
                                ensure_dr_cap(idx);
                        err = produce_one(rk, topic,
                                          (int32_t)(n % partitions), 0, key,
                                          keylen, val, (int32_t)size, NULL,
                                          idx++);
                        if (err)
                                die("produce failed: %s",
                                    rd_kafka_err2str(err));
                        bytes += (unsigned long long)size + (unsigned)keylen;
                        rd_kafka_poll(rk, 0);
                }
                free(val);
        } else {
                for (;;) {
                        unsigned char first[4];
                        int32_t partition, keylen, vallen, hcnt, h;
                        int64_t ts;
                        char *key, *val;
                        rd_kafka_headers_t *hdrs = NULL;
                        rd_kafka_resp_err_t err;

                        if (read_full(first, 4, 1))
                                break;
                        partition = (int32_t)(((uint32_t)first[0] << 24) |
                                              ((uint32_t)first[1] << 16) |
                                              ((uint32_t)first[2] << 8) |
                                              (uint32_t)first[3]);
                        if (partition < -1) {
                                run_directive(rk, partition,
                                              transactional_id != NULL, report,
                                              idx);
                                continue;
                        }
                        ts   = read_i64();
                        key  = read_bytes(&keylen);
                        val  = read_bytes(&vallen);
                        hcnt = read_i32();
                        if (hcnt < 0)
                                die("%s", "negative header count");
                        if (hcnt > 0)
                                hdrs = rd_kafka_headers_new((size_t)hcnt);
                        for (h = 0; h < hcnt; h++) {
                                int32_t nlen, hvlen;
                                char *name = read_bytes(&nlen);
                                char *hval = read_bytes(&hvlen);
                                if (!name)
                                        die("%s", "null header name");
                                rd_kafka_header_add(hdrs, name, nlen, hval,
                                                    hvlen < 0 ? 0 : hvlen);
                                free(name);
                                free(hval);
                        }
                        if (report)
                                ensure_dr_cap(idx);
                        err = produce_one(
                            rk, topic,
                            partition < 0 ? RD_KAFKA_PARTITION_UA : partition,
                            ts, key, keylen, val, vallen, hdrs, idx++);
                        if (err) {
                                if (hdrs)
                                        rd_kafka_headers_destroy(hdrs);
                                die("produce failed: %s",
                                    rd_kafka_err2str(err));
                        }
                        bytes += (unsigned long long)(keylen > 0 ? keylen : 0) +
                                 (unsigned long long)(vallen > 0 ? vallen : 0);
                        free(key);
                        free(val);
                        rd_kafka_poll(rk, 0);
                }
        }

        /* Undeliverable records fail after message.timeout.ms. */
        rd_kafka_flush(rk, -1);

        if (report)
                report_upto(idx);
        printf("DONE %zu %zu %" PRId64 " %llu\n", g_delivered, g_failed,
               now_ms() - t0, bytes);
        fflush(stdout);

        rd_kafka_destroy(rk);
        free(g_dr);
        return g_failed || g_delivered != idx ? 1 : 0;
}
