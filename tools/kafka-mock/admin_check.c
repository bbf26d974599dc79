/*
 * admin_check: librdkafka's own Admin API (and a group consumer) against a
 * bootstrap, printing what librdkafka parsed as simple lines, so that tests
 * can check the mock broker's admin answers against what librdkafka
 * expects. Built by build.sh against the patched static librdkafka.
 *
 *   admin_check <bootstrap> create <topic> <partitions> <replication> [k=v]...
 *       CREATE <topic> <errname>
 *   admin_check <bootstrap> delete <topic>
 *       DELETE <topic> <errname>
 *   admin_check <bootstrap> describe-configs <topic>
 *       CONFIG <name> <source> <default:0|1> <value>   (or RESOURCE <errname>)
 *   admin_check <bootstrap> list-groups
 *       GROUP <id> <state> <simple:0|1>
 *   admin_check <bootstrap> describe-group <group>
 *       DESCRIBE <id> <errname> <state> <simple:0|1> <assignor> <members>
 *       MEMBER <member id> <client id> <host> <topic:partition,...|->
 *   admin_check <bootstrap> group-offsets <group>
 *       OFFSET <topic> <partition> <offset>
 *   admin_check <bootstrap> commit <group> <topic> <partition> <offset>
 *       COMMIT <errname>           (a simple commit: no group membership)
 *   admin_check <bootstrap> join <group> <topic>
 *       JOINED <partitions>        after the first assignment; commits
 *                                  offset 1 for each assigned partition,
 *                                  then waits for a line or EOF on stdin
 *                                  and leaves the group: LEFT
 *
 * Exit status 0 when the operation itself completed (its results may
 * still carry errors, printed as above), 1 otherwise.
 */

#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#define TIMEOUT_MS 15000

static const char *g_bootstrap;

static void die(const char *what, const char *why) {
        printf("FAIL %s: %s\n", what, why);
        exit(1);
}

static rd_kafka_t *new_client(rd_kafka_type_t type, const char *group) {
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;
        if (rd_kafka_conf_set(conf, "bootstrap.servers", g_bootstrap, errstr,
                              sizeof(errstr)) ||
            rd_kafka_conf_set(conf, "client.id", "admin-check", errstr,
                              sizeof(errstr)) ||
            rd_kafka_conf_set(conf, "log_level", "3", errstr,
                              sizeof(errstr)) ||
            (group && (rd_kafka_conf_set(conf, "group.id", group, errstr,
                                         sizeof(errstr)) ||
                       rd_kafka_conf_set(conf, "enable.auto.commit", "false",
                                         errstr, sizeof(errstr)) ||
                       rd_kafka_conf_set(conf, "auto.offset.reset",
                                         "earliest", errstr, sizeof(errstr)))))
                die("conf", errstr);
        rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
        if (!rk)
                die("rd_kafka_new", errstr);
        return rk;
}

/* Waits for the admin result event of type \p evtype. */
static rd_kafka_event_t *wait_result(rd_kafka_queue_t *q,
                                     rd_kafka_event_type_t evtype) {
        rd_kafka_event_t *ev = rd_kafka_queue_poll(q, TIMEOUT_MS + 5000);
        if (!ev)
                die("admin", "timed out");
        if (rd_kafka_event_type(ev) != evtype)
                die("admin", "unexpected event");
        if (rd_kafka_event_error(ev))
                die("admin", rd_kafka_event_error_string(ev));
        return ev;
}

static rd_kafka_AdminOptions_t *options(rd_kafka_t *rk, rd_kafka_admin_op_t op) {
        char errstr[256];
        rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(rk, op);
        rd_kafka_AdminOptions_set_request_timeout(o, TIMEOUT_MS, errstr,
                                                  sizeof(errstr));
        return o;
}

static void print_partitions(const rd_kafka_topic_partition_list_t *parts) {
        int i;
        if (!parts || parts->cnt == 0) {
                printf(" -");
                return;
        }
        for (i = 0; i < parts->cnt; i++)
                printf("%s%s:%" PRId32, i ? "," : " ", parts->elems[i].topic,
                       parts->elems[i].partition);
}

static int cmd_create(rd_kafka_t *rk, rd_kafka_queue_t *q, int argc,
                      char **argv) {
        char errstr[256];
        rd_kafka_NewTopic_t *nt;
        rd_kafka_event_t *ev;
        const rd_kafka_topic_result_t **res;
        size_t cnt, i;
        int a;

        if (argc < 3)
                die("usage", "create <topic> <partitions> <replication> [k=v]");
        nt = rd_kafka_NewTopic_new(argv[0], atoi(argv[1]), atoi(argv[2]),
                                   errstr, sizeof(errstr));
        if (!nt)
                die("NewTopic", errstr);
        for (a = 3; a < argc; a++) {
                char *eq = strchr(argv[a], '=');
                if (!eq)
                        die("usage", "config must be key=value");
                *eq = '\0';
                rd_kafka_NewTopic_set_config(nt, argv[a], eq + 1);
        }
        rd_kafka_CreateTopics(rk, &nt, 1,
                              options(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS), q);
        ev  = wait_result(q, RD_KAFKA_EVENT_CREATETOPICS_RESULT);
        res = rd_kafka_CreateTopics_result_topics(
            rd_kafka_event_CreateTopics_result(ev), &cnt);
        for (i = 0; i < cnt; i++)
                printf("CREATE %s %s\n", rd_kafka_topic_result_name(res[i]),
                       rd_kafka_err2name(rd_kafka_topic_result_error(res[i])));
        rd_kafka_event_destroy(ev);
        rd_kafka_NewTopic_destroy(nt);
        return 0;
}

static int cmd_delete(rd_kafka_t *rk, rd_kafka_queue_t *q, int argc,
                      char **argv) {
        rd_kafka_DeleteTopic_t *dt;
        rd_kafka_event_t *ev;
        const rd_kafka_topic_result_t **res;
        size_t cnt, i;

        if (argc < 1)
                die("usage", "delete <topic>");
        dt = rd_kafka_DeleteTopic_new(argv[0]);
        rd_kafka_DeleteTopics(rk, &dt, 1,
                              options(rk, RD_KAFKA_ADMIN_OP_DELETETOPICS), q);
        ev  = wait_result(q, RD_KAFKA_EVENT_DELETETOPICS_RESULT);
        res = rd_kafka_DeleteTopics_result_topics(
            rd_kafka_event_DeleteTopics_result(ev), &cnt);
        for (i = 0; i < cnt; i++)
                printf("DELETE %s %s\n", rd_kafka_topic_result_name(res[i]),
                       rd_kafka_err2name(rd_kafka_topic_result_error(res[i])));
        rd_kafka_event_destroy(ev);
        rd_kafka_DeleteTopic_destroy(dt);
        return 0;
}

static int cmd_describe_configs(rd_kafka_t *rk, rd_kafka_queue_t *q, int argc,
                                char **argv) {
        rd_kafka_ConfigResource_t *cr;
        rd_kafka_event_t *ev;
        const rd_kafka_ConfigResource_t **res;
        size_t cnt, i, j, ecnt;

        if (argc < 1)
                die("usage", "describe-configs <topic>");
        cr = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, argv[0]);
        rd_kafka_DescribeConfigs(
            rk, &cr, 1, options(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS), q);
        ev  = wait_result(q, RD_KAFKA_EVENT_DESCRIBECONFIGS_RESULT);
        res = rd_kafka_DescribeConfigs_result_resources(
            rd_kafka_event_DescribeConfigs_result(ev), &cnt);
        for (i = 0; i < cnt; i++) {
                const rd_kafka_ConfigEntry_t **entries;
                printf("RESOURCE %s\n",
                       rd_kafka_err2name(rd_kafka_ConfigResource_error(res[i])));
                entries = rd_kafka_ConfigResource_configs(res[i], &ecnt);
                for (j = 0; j < ecnt; j++) {
                        const char *v = rd_kafka_ConfigEntry_value(entries[j]);
                        printf("CONFIG %s %s %d %s\n",
                               rd_kafka_ConfigEntry_name(entries[j]),
                               rd_kafka_ConfigSource_name(
                                   rd_kafka_ConfigEntry_source(entries[j])),
                               rd_kafka_ConfigEntry_is_default(entries[j]),
                               v ? v : "(null)");
                }
        }
        rd_kafka_event_destroy(ev);
        rd_kafka_ConfigResource_destroy(cr);
        return 0;
}

static int cmd_list_groups(rd_kafka_t *rk, rd_kafka_queue_t *q) {
        rd_kafka_event_t *ev;
        const rd_kafka_ListConsumerGroups_result_t *result;
        const rd_kafka_ConsumerGroupListing_t **groups;
        const rd_kafka_error_t **errors;
        size_t cnt, i;

        rd_kafka_ListConsumerGroups(
            rk, options(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS), q);
        ev     = wait_result(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT);
        result = rd_kafka_event_ListConsumerGroups_result(ev);
        groups = rd_kafka_ListConsumerGroups_result_valid(result, &cnt);
        for (i = 0; i < cnt; i++)
                printf("GROUP %s %s %d\n",
                       rd_kafka_ConsumerGroupListing_group_id(groups[i]),
                       rd_kafka_consumer_group_state_name(
                           rd_kafka_ConsumerGroupListing_state(groups[i])),
                       rd_kafka_ConsumerGroupListing_is_simple_consumer_group(
                           groups[i]));
        errors = rd_kafka_ListConsumerGroups_result_errors(result, &cnt);
        for (i = 0; i < cnt; i++)
                printf("LISTERROR %s\n", rd_kafka_error_name(errors[i]));
        rd_kafka_event_destroy(ev);
        return 0;
}

static int cmd_describe_group(rd_kafka_t *rk, rd_kafka_queue_t *q, int argc,
                              char **argv) {
        rd_kafka_event_t *ev;
        const rd_kafka_ConsumerGroupDescription_t **groups;
        size_t cnt, i, m;

        if (argc < 1)
                die("usage", "describe-group <group>");
        rd_kafka_DescribeConsumerGroups(
            rk, (const char **)argv, 1,
            options(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS), q);
        ev     = wait_result(q, RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT);
        groups = rd_kafka_DescribeConsumerGroups_result_groups(
            rd_kafka_event_DescribeConsumerGroups_result(ev), &cnt);
        for (i = 0; i < cnt; i++) {
                const rd_kafka_ConsumerGroupDescription_t *g = groups[i];
                const rd_kafka_error_t *err =
                    rd_kafka_ConsumerGroupDescription_error(g);
                const char *assignor =
                    rd_kafka_ConsumerGroupDescription_partition_assignor(g);
                size_t member_cnt =
                    rd_kafka_ConsumerGroupDescription_member_count(g);
                printf("DESCRIBE %s %s %s %d %s %zu\n",
                       rd_kafka_ConsumerGroupDescription_group_id(g),
                       err ? rd_kafka_error_name(err) : "NO_ERROR",
                       rd_kafka_consumer_group_state_name(
                           rd_kafka_ConsumerGroupDescription_state(g)),
                       rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(
                           g),
                       assignor && *assignor ? assignor : "-", member_cnt);
                for (m = 0; m < member_cnt; m++) {
                        const rd_kafka_MemberDescription_t *md =
                            rd_kafka_ConsumerGroupDescription_member(g, m);
                        const rd_kafka_MemberAssignment_t *ma =
                            rd_kafka_MemberDescription_assignment(md);
                        printf("MEMBER %s %s %s",
                               rd_kafka_MemberDescription_consumer_id(md),
                               rd_kafka_MemberDescription_client_id(md),
                               rd_kafka_MemberDescription_host(md));
                        print_partitions(
                            ma ? rd_kafka_MemberAssignment_partitions(ma)
                               : NULL);
                        printf("\n");
                }
        }
        rd_kafka_event_destroy(ev);
        return 0;
}

static int cmd_group_offsets(rd_kafka_t *rk, rd_kafka_queue_t *q, int argc,
                             char **argv) {
        rd_kafka_ListConsumerGroupOffsets_t *req;
        rd_kafka_event_t *ev;
        const rd_kafka_group_result_t **res;
        size_t cnt, i;
        int p;

        if (argc < 1)
                die("usage", "group-offsets <group>");
        req = rd_kafka_ListConsumerGroupOffsets_new(argv[0], NULL);
        rd_kafka_ListConsumerGroupOffsets(
            rk, &req, 1,
            options(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS), q);
        ev  = wait_result(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT);
        res = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(ev), &cnt);
        for (i = 0; i < cnt; i++) {
                const rd_kafka_topic_partition_list_t *parts =
                    rd_kafka_group_result_partitions(res[i]);
                const rd_kafka_error_t *err = rd_kafka_group_result_error(res[i]);
                if (err)
                        printf("OFFSETERROR %s\n", rd_kafka_error_name(err));
                for (p = 0; parts && p < parts->cnt; p++)
                        printf("OFFSET %s %" PRId32 " %" PRId64 "\n",
                               parts->elems[p].topic, parts->elems[p].partition,
                               parts->elems[p].offset);
        }
        rd_kafka_event_destroy(ev);
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
        return 0;
}

/* A simple (standalone) commit: no subscription, no assignment, so
 * librdkafka sends generation -1 and an empty member id. */
static int cmd_commit(int argc, char **argv) {
        rd_kafka_t *rk;
        rd_kafka_topic_partition_list_t *offsets;
        rd_kafka_resp_err_t err;

        if (argc < 4)
                die("usage", "commit <group> <topic> <partition> <offset>");
        rk      = new_client(RD_KAFKA_CONSUMER, argv[0]);
        offsets = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(offsets, argv[1], atoi(argv[2]))
            ->offset = strtoll(argv[3], NULL, 10);
        err = rd_kafka_commit(rk, offsets, 0 /*sync*/);
        if (!err && offsets->elems[0].err)
                err = offsets->elems[0].err;
        printf("COMMIT %s\n", rd_kafka_err2name(err));
        rd_kafka_topic_partition_list_destroy(offsets);
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
        return 0;
}

static int cmd_join(int argc, char **argv) {
        rd_kafka_t *rk;
        rd_kafka_topic_partition_list_t *topics, *assignment = NULL;
        rd_kafka_resp_err_t err;
        int waited = 0, i;

        if (argc < 2)
                die("usage", "join <group> <topic>");
        rk     = new_client(RD_KAFKA_CONSUMER, argv[0]);
        topics = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(topics, argv[1],
                                          RD_KAFKA_PARTITION_UA);
        if ((err = rd_kafka_subscribe(rk, topics)))
                die("subscribe", rd_kafka_err2str(err));
        rd_kafka_topic_partition_list_destroy(topics);

        /* The consumer poll serves the rebalance; wait for an assignment. */
        while (waited < 30000) {
                rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, 100);
                if (msg)
                        rd_kafka_message_destroy(msg);
                waited += 100;
                if (!rd_kafka_assignment(rk, &assignment) && assignment &&
                    assignment->cnt > 0)
                        break;
                if (assignment) {
                        rd_kafka_topic_partition_list_destroy(assignment);
                        assignment = NULL;
                }
        }
        if (!assignment)
                die("join", "no assignment");
        for (i = 0; i < assignment->cnt; i++)
                assignment->elems[i].offset = 1;
        if ((err = rd_kafka_commit(rk, assignment, 0)))
                die("commit", rd_kafka_err2str(err));
        printf("JOINED");
        print_partitions(assignment);
        printf("\n");
        fflush(stdout);
        rd_kafka_topic_partition_list_destroy(assignment);

        /* Stay in the group (keep polling: heartbeats) until told. */
        for (;;) {
                struct pollfd pfd = {.fd = 0, .events = POLLIN};
                rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, 100);
                if (msg)
                        rd_kafka_message_destroy(msg);
                if (poll(&pfd, 1, 0) > 0)
                        break;
        }
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
        printf("LEFT\n");
        return 0;
}

int main(int argc, char **argv) {
        rd_kafka_t *rk;
        rd_kafka_queue_t *q;
        const char *op;
        int r;

        if (argc < 3) {
                fprintf(stderr, "usage: %s <bootstrap> <op> [args]\n",
                        argv[0]);
                return 2;
        }
        setvbuf(stdout, NULL, _IOLBF, 0);
        g_bootstrap = argv[1];
        op          = argv[2];
        argc -= 3;
        argv += 3;

        if (!strcmp(op, "commit"))
                return cmd_commit(argc, argv);
        if (!strcmp(op, "join"))
                return cmd_join(argc, argv);

        rk = new_client(RD_KAFKA_PRODUCER, NULL);
        q  = rd_kafka_queue_new(rk);
        if (!strcmp(op, "create"))
                r = cmd_create(rk, q, argc, argv);
        else if (!strcmp(op, "delete"))
                r = cmd_delete(rk, q, argc, argv);
        else if (!strcmp(op, "describe-configs"))
                r = cmd_describe_configs(rk, q, argc, argv);
        else if (!strcmp(op, "list-groups"))
                r = cmd_list_groups(rk, q);
        else if (!strcmp(op, "describe-group"))
                r = cmd_describe_group(rk, q, argc, argv);
        else if (!strcmp(op, "group-offsets"))
                r = cmd_group_offsets(rk, q, argc, argv);
        else
                die("unknown op", op);
        rd_kafka_queue_destroy(q);
        rd_kafka_destroy(rk);
        return r;
}
