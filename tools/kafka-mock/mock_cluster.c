/*
 * mock_cluster: a Kafka wire-protocol cluster on loopback, built on
 * librdkafka's mock cluster API (rdkafka_mock.h), driven over stdin.
 *
 * Usage:
 *   mock_cluster [--brokers N] [--replication R] [--topic name:partitions]...
 *                [--topic-config topic:key=value]... [--debug CONTEXTS]
 *
 * On start it prints exactly one line
 *   BOOTSTRAP 127.0.0.1:port1,127.0.0.1:port2,...
 * (broker ids 1..N in that order), then reads commands, one per line, from
 * stdin. Every command is answered with exactly one line starting with
 * "OK" or "ERR". See `help` for the list. It exits on `quit`, on stdin EOF,
 * and on SIGTERM/SIGINT.
 *
 * Topics created here (flag or create-topic) have partition p led by broker
 * (p % N) + 1.
 *
 * Logs go to stderr; stdout carries only the protocol lines above.
 */

#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#ifndef KAFKA_MOCK_FLAVOUR
#define KAFKA_MOCK_FLAVOUR "system"
#endif

static volatile sig_atomic_t g_stop = 0;
static rd_kafka_mock_cluster_t *g_mcluster;
static int g_broker_cnt;
static int g_replication = 1;

static void on_signal(int sig) {
        (void)sig;
        g_stop = 1;
}

static void reply(const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        vfprintf(stdout, fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
        fflush(stdout);
}

static void log_cb(const rd_kafka_t *rk, int level, const char *fac,
                   const char *buf) {
        (void)rk;
        fprintf(stderr, "mock_cluster: %d %s: %s\n", level, fac, buf);
}

/* Strict integer parsing: whole token must be a number. */
static int parse_long(const char *s, long *out) {
        char *end;
        if (!s || !*s)
                return -1;
        errno = 0;
        *out  = strtol(s, &end, 10);
        if (errno || *end)
                return -1;
        return 0;
}

static int check_err(const char *what, rd_kafka_resp_err_t err) {
        if (err) {
                reply("ERR %s: %s (%d)", what, rd_kafka_err2name(err),
                      (int)err);
                return -1;
        }
        return 0;
}

/* Called between two mock API calls made back to back. The unpatched mock
 * can lose the wake-up of an op enqueued right after the previous op was
 * answered, which then waits up to 1 s; a short pause avoids that window.
 * The patched (source) flavour fixes the race itself. */
static void between_ops(void) {
#ifndef KAFKA_MOCK_PATCHED
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
#endif
}

static rd_kafka_resp_err_t create_topic(const char *name, long partitions,
                                        long replication) {
        if (partitions < 1 || partitions > 100000)
                return RD_KAFKA_RESP_ERR__INVALID_ARG;
        if (replication < 1)
                replication = 1;
        if (replication > g_broker_cnt)
                replication = g_broker_cnt;
        rd_kafka_resp_err_t err;
        long p;
        err = rd_kafka_mock_topic_create(g_mcluster, name, (int)partitions,
                                         (int)replication);
        if (err)
                return err;
        /* The mock picks a random leader among the replicas; make it
         * deterministic: partition p is led by broker (p % brokers) + 1. */
        for (p = 0; p < partitions; p++) {
                between_ops();
                err = rd_kafka_mock_partition_set_leader(
                    g_mcluster, name, (int32_t)p,
                    (int32_t)(p % g_broker_cnt) + 1);
                if (err)
                        return err;
        }
        return RD_KAFKA_RESP_ERR_NO_ERROR;
}

static const char *help_text =
    "OK commands: ping | version | bootstrap | broker-down <id|-1> | "
    "broker-up <id|-1> | rtt <id|-1> <ms> | leader <topic> <partition> "
    "<brokerId|-1> | follower <topic> <partition> <brokerId> | "
    "push-errors <apiKey> <count> <errorCode>[,<errorCode>...] | "
    "broker-push-errors <brokerId> <apiKey> <count> <errorCode> [rttMs] | "
    "clear-errors <apiKey> | topic-error <topic> <errorCode> | "
    "create-topic <name> <partitions> [replication] | coordinator "
    "<group|transaction> <key> <brokerId> | apiversion <apiKey> <min> <max> "
    "| delete-records <topic> <partition> <offset|-1> (source flavour) | "
    "topic-config <topic> <key> <value> (source flavour) | quit";

/* Sets a topic configuration entry (DescribeConfigs reports it as set on
 * the topic), as kafka-configs --alter does. */
static rd_kafka_resp_err_t topic_config(const char *topic, const char *key,
                                        const char *value) {
#ifdef KAFKA_MOCK_PATCHED
        return rd_kafka_mock_topic_set_config(g_mcluster, topic, key, value);
#else
        (void)topic;
        (void)key;
        (void)value;
        return RD_KAFKA_RESP_ERR__NOT_IMPLEMENTED;
#endif
}

/* Returns 1 when the program should exit. */
static int handle_command(char *line) {
        char *argv[16];
        int argc = 0;
        char *save = NULL, *tok;
        long a, b, c, d;

        for (tok = strtok_r(line, " \t\r\n", &save); tok && argc < 16;
             tok = strtok_r(NULL, " \t\r\n", &save))
                argv[argc++] = tok;

        if (argc == 0)
                return 0; /* blank line: ignored, no reply */

#define NEED(n, usage)                                                         \
        do {                                                                   \
                if (argc != (n)) {                                             \
                        reply("ERR usage: %s", usage);                         \
                        return 0;                                              \
                }                                                              \
        } while (0)

        if (!strcmp(argv[0], "ping")) {
                reply("OK pong");

        } else if (!strcmp(argv[0], "help")) {
                reply("%s", help_text);

        } else if (!strcmp(argv[0], "version")) {
                char features[512] = "";
                size_t fsize       = sizeof(features);
                rd_kafka_conf_get(
                    rd_kafka_conf(rd_kafka_mock_cluster_handle(g_mcluster)),
                    "builtin.features", features, &fsize);
                reply("OK librdkafka=%s flavour=%s brokers=%d features=%s",
                      rd_kafka_version_str(), KAFKA_MOCK_FLAVOUR,
                      g_broker_cnt, features);

        } else if (!strcmp(argv[0], "bootstrap")) {
                reply("OK %s", rd_kafka_mock_cluster_bootstraps(g_mcluster));

        } else if (!strcmp(argv[0], "quit") || !strcmp(argv[0], "exit")) {
                reply("OK bye");
                return 1;

        } else if (!strcmp(argv[0], "broker-down") ||
                   !strcmp(argv[0], "broker-up")) {
                int down = !strcmp(argv[0], "broker-down");
                NEED(2, down ? "broker-down <id|-1>" : "broker-up <id|-1>");
                if (parse_long(argv[1], &a)) {
                        reply("ERR bad broker id");
                        return 0;
                }
                if (check_err(argv[0],
                              down ? rd_kafka_mock_broker_set_down(
                                         g_mcluster, (int32_t)a)
                                   : rd_kafka_mock_broker_set_up(g_mcluster,
                                                                 (int32_t)a)))
                        return 0;
                reply("OK %s %ld", argv[0], a);

        } else if (!strcmp(argv[0], "rtt")) {
                NEED(3, "rtt <brokerId|-1> <ms>");
                if (parse_long(argv[1], &a) || parse_long(argv[2], &b) ||
                    b < 0) {
                        reply("ERR bad number");
                        return 0;
                }
                if (check_err("rtt", rd_kafka_mock_broker_set_rtt(
                                         g_mcluster, (int32_t)a, (int)b)))
                        return 0;
                reply("OK rtt %ld %ld", a, b);

        } else if (!strcmp(argv[0], "leader") ||
                   !strcmp(argv[0], "follower")) {
                int leader = !strcmp(argv[0], "leader");
                NEED(4, leader ? "leader <topic> <partition> <brokerId|-1>"
                               : "follower <topic> <partition> <brokerId>");
                if (parse_long(argv[2], &a) || parse_long(argv[3], &b)) {
                        reply("ERR bad number");
                        return 0;
                }
                if (check_err(argv[0],
                              leader ? rd_kafka_mock_partition_set_leader(
                                           g_mcluster, argv[1], (int32_t)a,
                                           (int32_t)b)
                                     : rd_kafka_mock_partition_set_follower(
                                           g_mcluster, argv[1], (int32_t)a,
                                           (int32_t)b)))
                        return 0;
                reply("OK %s %s %ld %ld", argv[0], argv[1], a, b);

        } else if (!strcmp(argv[0], "push-errors")) {
                rd_kafka_resp_err_t errs[1024];
                char *codes, *csave = NULL, *ctok;
                int ncodes = 0, i;
                NEED(4, "push-errors <apiKey> <count> "
                        "<errorCode>[,<errorCode>...]");
                if (parse_long(argv[1], &a) || parse_long(argv[2], &b) ||
                    a < 0 || b < 1 || b > 1024) {
                        reply("ERR bad apiKey or count (1..1024)");
                        return 0;
                }
                /* One code repeated <count> times, or a comma separated list
                 * of codes that is cycled until <count> errors are pushed. */
                codes = argv[3];
                for (ctok = strtok_r(codes, ",", &csave); ctok && ncodes < 1024;
                     ctok = strtok_r(NULL, ",", &csave)) {
                        if (parse_long(ctok, &c)) {
                                reply("ERR bad error code '%s'", ctok);
                                return 0;
                        }
                        errs[ncodes++] = (rd_kafka_resp_err_t)c;
                }
                if (ncodes == 0) {
                        reply("ERR no error code");
                        return 0;
                }
                for (i = ncodes; i < b; i++)
                        errs[i] = errs[i % ncodes];
                rd_kafka_mock_push_request_errors_array(
                    g_mcluster, (int16_t)a, (size_t)b, errs);
                reply("OK push-errors %ld %ld", a, b);

        } else if (!strcmp(argv[0], "broker-push-errors")) {
                long i, rtt = 0;
                if (argc != 5 && argc != 6) {
                        reply("ERR usage: broker-push-errors <brokerId> "
                              "<apiKey> <count> <errorCode> [rttMs]");
                        return 0;
                }
                if (parse_long(argv[1], &a) || parse_long(argv[2], &b) ||
                    parse_long(argv[3], &c) || parse_long(argv[4], &d) ||
                    (argc == 6 && parse_long(argv[5], &rtt)) || c < 1 ||
                    c > 100000) {
                        reply("ERR bad number");
                        return 0;
                }
                for (i = 0; i < c; i++) {
                        if (i > 0)
                                between_ops();
                        if (check_err(
                                "broker-push-errors",
                                rd_kafka_mock_broker_push_request_error_rtts(
                                    g_mcluster, (int32_t)a, (int16_t)b, 1,
                                    (rd_kafka_resp_err_t)d, (int)rtt)))
                                return 0;
                }
                reply("OK broker-push-errors %ld %ld %ld", a, b, c);

        } else if (!strcmp(argv[0], "clear-errors")) {
                NEED(2, "clear-errors <apiKey>");
                if (parse_long(argv[1], &a) || a < 0) {
                        reply("ERR bad apiKey");
                        return 0;
                }
                rd_kafka_mock_clear_request_errors(g_mcluster, (int16_t)a);
                reply("OK clear-errors %ld", a);

        } else if (!strcmp(argv[0], "topic-error")) {
                NEED(3, "topic-error <topic> <errorCode>");
                if (parse_long(argv[2], &a)) {
                        reply("ERR bad error code");
                        return 0;
                }
                rd_kafka_mock_topic_set_error(g_mcluster, argv[1],
                                              (rd_kafka_resp_err_t)a);
                reply("OK topic-error %s %ld", argv[1], a);

        } else if (!strcmp(argv[0], "create-topic")) {
                if (argc != 3 && argc != 4) {
                        reply("ERR usage: create-topic <name> <partitions> "
                              "[replication]");
                        return 0;
                }
                b = g_replication;
                if (parse_long(argv[2], &a) ||
                    (argc == 4 && parse_long(argv[3], &b))) {
                        reply("ERR bad number");
                        return 0;
                }
                if (check_err("create-topic", create_topic(argv[1], a, b)))
                        return 0;
                reply("OK create-topic %s %ld", argv[1], a);

        } else if (!strcmp(argv[0], "coordinator")) {
                NEED(4, "coordinator <group|transaction> <key> <brokerId>");
                if (parse_long(argv[3], &a)) {
                        reply("ERR bad broker id");
                        return 0;
                }
                if (check_err("coordinator",
                              rd_kafka_mock_coordinator_set(
                                  g_mcluster, argv[1], argv[2], (int32_t)a)))
                        return 0;
                reply("OK coordinator %s %s %ld", argv[1], argv[2], a);

        } else if (!strcmp(argv[0], "apiversion")) {
                NEED(4, "apiversion <apiKey> <min> <max>");
                if (parse_long(argv[1], &a) || parse_long(argv[2], &b) ||
                    parse_long(argv[3], &c)) {
                        reply("ERR bad number");
                        return 0;
                }
                if (check_err("apiversion", rd_kafka_mock_set_apiversion(
                                                g_mcluster, (int16_t)a,
                                                (int16_t)b, (int16_t)c)))
                        return 0;
                reply("OK apiversion %ld %ld %ld", a, b, c);

        } else if (!strcmp(argv[0], "delete-records")) {
                /* Like Kafka's DeleteRecords: the log start offset becomes
                 * <offset> (-1: the high watermark). Answers the log start
                 * offset, which an offset at or below it leaves as is. */
                NEED(4, "delete-records <topic> <partition> <offset|-1>");
                if (parse_long(argv[2], &a) || parse_long(argv[3], &b) ||
                    a < 0) {
                        reply("ERR bad number");
                        return 0;
                }
#ifdef KAFKA_MOCK_PATCHED
                {
                        int64_t low = -1;
                        if (check_err("delete-records",
                                      rd_kafka_mock_partition_delete_records(
                                          g_mcluster, argv[1], (int32_t)a,
                                          (int64_t)b, &low)))
                                return 0;
                        reply("OK delete-records %s %ld %" PRId64, argv[1], a,
                              low);
                }
#else
                reply("ERR delete-records needs the source flavour (patched "
                      "librdkafka)");
#endif

        } else if (!strcmp(argv[0], "topic-config")) {
                NEED(4, "topic-config <topic> <key> <value>");
                if (check_err("topic-config",
                              topic_config(argv[1], argv[2], argv[3])))
                        return 0;
                reply("OK topic-config %s %s %s", argv[1], argv[2], argv[3]);

        } else {
                reply("ERR unknown command '%s' (try help)", argv[0]);
        }
#undef NEED
        return 0;
}

static void usage(const char *argv0) {
        fprintf(stderr,
                "Usage: %s [--brokers N] [--replication R] "
                "[--topic name:partitions]... "
                "[--topic-config topic:key=value]... [--debug contexts]\n",
                argv0);
        exit(2);
}

int main(int argc, char **argv) {
        char errstr[512];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        const char *topics[1024];
        const char *topic_configs[1024];
        int topic_cnt = 0, topic_config_cnt = 0, i;
        const char *debug = NULL;
        long n;
        struct sigaction sa;
        char buf[65536];
        size_t buflen = 0;
        int done      = 0;

        g_broker_cnt = 3;

        for (i = 1; i < argc; i++) {
                const char *arg = argv[i];
                const char *val = i + 1 < argc ? argv[i + 1] : NULL;
                if (!strcmp(arg, "--brokers") && val) {
                        if (parse_long(val, &n) || n < 1 || n > 64)
                                usage(argv[0]);
                        g_broker_cnt = (int)n;
                        i++;
                } else if (!strcmp(arg, "--replication") && val) {
                        if (parse_long(val, &n) || n < 1)
                                usage(argv[0]);
                        g_replication = (int)n;
                        i++;
                } else if (!strcmp(arg, "--topic") && val) {
                        if (topic_cnt == 1024)
                                usage(argv[0]);
                        topics[topic_cnt++] = val;
                        i++;
                } else if (!strcmp(arg, "--topic-config") && val) {
                        if (topic_config_cnt == 1024)
                                usage(argv[0]);
                        topic_configs[topic_config_cnt++] = val;
                        i++;
                } else if (!strcmp(arg, "--debug") && val) {
                        debug = val;
                        i++;
                } else {
                        usage(argv[0]);
                }
        }

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        conf = rd_kafka_conf_new();
        rd_kafka_conf_set_log_cb(conf, log_cb);
        /* Warnings and errors only, unless debugging. */
        rd_kafka_conf_set(conf, "log_level", debug ? "7" : "4", errstr,
                          sizeof(errstr));
        if (debug &&
            rd_kafka_conf_set(conf, "debug", debug, errstr, sizeof(errstr))) {
                fprintf(stderr, "mock_cluster: %s\n", errstr);
                return 1;
        }
        /* Let the mock decode large batches (ListOffsets by timestamp
         * decompresses record batches in the patched flavour). */
        rd_kafka_conf_set(conf, "message.max.bytes", "1000000000", errstr,
                          sizeof(errstr));
        rd_kafka_conf_set(conf, "receive.message.max.bytes", "2147483647",
                          errstr, sizeof(errstr));
        /* The handle only hosts the mock cluster; it never connects. */
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "mock_cluster: rd_kafka_new: %s\n", errstr);
                return 1;
        }

        g_mcluster = rd_kafka_mock_cluster_new(rk, g_broker_cnt);
        if (!g_mcluster) {
                fprintf(stderr, "mock_cluster: cannot create mock cluster\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        for (i = 0; i < topic_cnt; i++) {
                char name[512];
                const char *colon = strrchr(topics[i], ':');
                long parts        = 1;
                rd_kafka_resp_err_t err;
                if (colon) {
                        size_t len = (size_t)(colon - topics[i]);
                        if (len == 0 || len >= sizeof(name) ||
                            parse_long(colon + 1, &parts))
                                usage(argv[0]);
                        memcpy(name, topics[i], len);
                        name[len] = '\0';
                } else {
                        snprintf(name, sizeof(name), "%s", topics[i]);
                }
                err = create_topic(name, parts, g_replication);
                if (err) {
                        fprintf(stderr,
                                "mock_cluster: create topic %s: %s\n", name,
                                rd_kafka_err2str(err));
                        rd_kafka_mock_cluster_destroy(g_mcluster);
                        rd_kafka_destroy(rk);
                        return 1;
                }
        }

        /* topic:key=value, the topic created above */
        for (i = 0; i < topic_config_cnt; i++) {
                char buf2[1024];
                char *colon, *eq;
                rd_kafka_resp_err_t err;
                snprintf(buf2, sizeof(buf2), "%s", topic_configs[i]);
                colon = strrchr(buf2, ':');
                eq    = colon ? strchr(colon, '=') : NULL;
                if (!colon || colon == buf2 || !eq || eq == colon + 1)
                        usage(argv[0]);
                *colon = '\0';
                *eq    = '\0';
                err    = topic_config(buf2, colon + 1, eq + 1);
                if (err) {
                        fprintf(stderr,
                                "mock_cluster: topic config %s: %s\n",
                                topic_configs[i], rd_kafka_err2str(err));
                        rd_kafka_mock_cluster_destroy(g_mcluster);
                        rd_kafka_destroy(rk);
                        return 1;
                }
        }

        reply("BOOTSTRAP %s", rd_kafka_mock_cluster_bootstraps(g_mcluster));

        while (!done && !g_stop) {
                struct pollfd pfd = {.fd = 0, .events = POLLIN};
                ssize_t r;
                char *nl;
                int pr = poll(&pfd, 1, 200);
                if (pr < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                if (pr == 0)
                        continue;
                r = read(0, buf + buflen, sizeof(buf) - 1 - buflen);
                if (r < 0) {
                        if (errno == EINTR || errno == EAGAIN)
                                continue;
                        break;
                }
                if (r == 0) {
                        /* EOF: run a final unterminated line, then exit. */
                        if (buflen > 0) {
                                buf[buflen] = '\0';
                                handle_command(buf);
                        }
                        break;
                }
                buflen += (size_t)r;
                buf[buflen] = '\0';
                while (!done && (nl = memchr(buf, '\n', buflen))) {
                        size_t linelen = (size_t)(nl - buf) + 1;
                        *nl            = '\0';
                        done           = handle_command(buf);
                        memmove(buf, buf + linelen, buflen - linelen);
                        buflen -= linelen;
                        buf[buflen] = '\0';
                }
                if (buflen == sizeof(buf) - 1) {
                        reply("ERR line too long");
                        buflen = 0;
                }
        }

        rd_kafka_mock_cluster_destroy(g_mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
