/* xmlrpc-c (Abyss server) as a feedback receiver: serves eventNotification
 * on a port it binds itself (printed as "ready <port>"), printing
 * "event <seqn> <name>" for each event, in the order received. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <xmlrpc-c/base.h>
#include <xmlrpc-c/server.h>
#include <xmlrpc-c/server_abyss.h>

static xmlrpc_value *notification(xmlrpc_env *env, xmlrpc_value *params, void *info, void *ch) {
    (void)info; (void)ch;
    xmlrpc_value *note, *events;
    xmlrpc_int32 seqn;
    const char *source;
    xmlrpc_decompose_value(env, params, "(S)", &note);
    if (env->fault_occurred) return NULL;
    xmlrpc_decompose_value(env, note, "{s:i,s:s,s:A,*}", "seqn", &seqn, "sourceIdentifier", &source,
        "events", &events);
    if (env->fault_occurred) return NULL;
    int n = xmlrpc_array_size(env, events);
    for (int i = 0; i < n; i++) {
        xmlrpc_value *e;
        const char *name;
        xmlrpc_array_read_item(env, events, i, &e);
        xmlrpc_decompose_value(env, e, "{s:s,*}", "name", &name);
        if (env->fault_occurred) return NULL;
        printf("event %d %s %s\n", seqn, name, source);
        free((void *)name);
        xmlrpc_DECREF(e);
    }
    fflush(stdout);
    free((void *)source);
    xmlrpc_DECREF(events);
    xmlrpc_DECREF(note);
    return xmlrpc_build_value(env, "{s:s}", "status", "operation successful");
}

int main(void) {
    xmlrpc_env env;
    xmlrpc_env_init(&env);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0
        || getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        perror("bind");
        return 1;
    }
    xmlrpc_registry *registry = xmlrpc_registry_new(&env);
    struct xmlrpc_method_info3 const info = {"eventNotification", &notification, NULL, 0, NULL, NULL};
    xmlrpc_registry_add_method3(&env, registry, &info);
    xmlrpc_server_abyss_parms parms;
    memset(&parms, 0, sizeof parms);
    parms.config_file_name = NULL;
    parms.registryP = registry;
    parms.socket_bound = 1;
    parms.socket_handle = fd;
    printf("ready %d\n", ntohs(a.sin_port));
    fflush(stdout);
    xmlrpc_server_abyss(&env, &parms, XMLRPC_APSIZE(socket_handle));
    if (env.fault_occurred) {
        printf("FAIL %s\n", env.fault_string);
        return 1;
    }
    return 0;
}
