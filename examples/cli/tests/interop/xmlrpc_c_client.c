/* xmlrpc-c (libxmlrpc_client) driving `baton serve`: the call sequence of
 * the interop tests. Usage: xmlrpc_c_client URL USER PASSWORD RECEIVER_URI
 * Prints one "ok <step>" line per step; exits 1 on the first failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xmlrpc-c/base.h>
#include <xmlrpc-c/client.h>

static xmlrpc_env env;

static void die_if_fault(const char *step) {
    if (env.fault_occurred) {
        printf("FAIL %s: %s (%d)\n", step, env.fault_string, env.fault_code);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s URL USER PASSWORD RECEIVER_URI\n", argv[0]);
        return 2;
    }
    const char *url = argv[1], *user = argv[2], *pw = argv[3], *rx = argv[4];
    xmlrpc_value *r;
    xmlrpc_env_init(&env);
    xmlrpc_client_init2(&env, XMLRPC_CLIENT_NO_FLAGS, "baton-interop", "1.0", NULL, 0);
    die_if_fault("init");

    r = xmlrpc_client_call(&env, url, "feedbackReceiver.extended.configure",
        "({s:s,s:s,s:s,s:s,s:i})", "authenticationUser", user, "authenticationPassword", pw,
        "receiverURI", rx, "sourceIdentifier", "xmlrpc-c", "receiverIndex", -1);
    die_if_fault("feedbackReceiver.extended.configure");
    xmlrpc_int32 index;
    xmlrpc_decompose_value(&env, r, "{s:i,*}", "receiverIndex", &index);
    die_if_fault("receiverIndex");
    xmlrpc_DECREF(r);
    printf("ok feedbackReceiver.extended.configure %d\n", index);

    r = xmlrpc_client_call(&env, url, "device.query", "({s:s,s:s})",
        "authenticationUser", user, "authenticationPassword", pw);
    die_if_fault("device.query");
    const char *model;
    xmlrpc_int32 ports;
    xmlrpc_decompose_value(&env, r, "{s:s,s:i,*}", "model", &model, "totalVideoPorts", &ports);
    die_if_fault("device.query reply");
    if (strcmp(model, "Cisco TelePresence Conductor") != 0) {
        printf("FAIL device.query model %s\n", model);
        return 1;
    }
    free((void *)model);
    xmlrpc_DECREF(r);
    printf("ok device.query\n");

    r = xmlrpc_client_call(&env, url, "factory.conferencecreate", "({s:s,s:s,s:s})",
        "authenticationUser", user, "authenticationPassword", pw,
        "conferenceAlias", "xmlrpc-c@example.com");
    die_if_fault("factory.conferencecreate");
    const char *status, *name;
    xmlrpc_decompose_value(&env, r, "{s:s,s:s,*}", "status", &status, "conferenceName", &name);
    die_if_fault("factory.conferencecreate reply");
    if (strcmp(status, "operation successful") != 0) {
        printf("FAIL factory.conferencecreate status %s\n", status);
        return 1;
    }
    xmlrpc_DECREF(r);
    printf("ok factory.conferencecreate %s\n", name);

    r = xmlrpc_client_call(&env, url, "participant.add", "({s:s,s:s,s:s,s:s,s:s,s:s})",
        "authenticationUser", user, "authenticationPassword", pw, "conferenceName", name,
        "participantName", "c-endpoint", "address", "endpoint@example.com",
        "participantProtocol", "h323");
    die_if_fault("participant.add");
    xmlrpc_DECREF(r);
    printf("ok participant.add\n");

    r = xmlrpc_client_call(&env, url, "participant.enumerate", "({s:s,s:s})",
        "authenticationUser", user, "authenticationPassword", pw);
    die_if_fault("participant.enumerate");
    xmlrpc_value *list;
    xmlrpc_decompose_value(&env, r, "{s:A,*}", "participants", &list);
    die_if_fault("participants");
    if (xmlrpc_array_size(&env, list) != 1) {
        printf("FAIL participant.enumerate: %d participants\n", xmlrpc_array_size(&env, list));
        return 1;
    }
    xmlrpc_value *p;
    xmlrpc_array_read_item(&env, list, 0, &p);
    const char *pname, *conf;
    xmlrpc_bool muted;
    xmlrpc_decompose_value(&env, p, "{s:s,s:s,s:b,*}", "participantName", &pname,
        "conferenceName", &conf, "audioRxMuted", &muted);
    die_if_fault("participant struct");
    if (strcmp(pname, "c-endpoint") != 0 || strcmp(conf, name) != 0) {
        printf("FAIL participant.enumerate %s in %s\n", pname, conf);
        return 1;
    }
    xmlrpc_DECREF(p);
    xmlrpc_DECREF(list);
    xmlrpc_DECREF(r);
    printf("ok participant.enumerate\n");

    r = xmlrpc_client_call(&env, url, "conference.destroy", "({s:s,s:s,s:s})",
        "authenticationUser", user, "authenticationPassword", pw, "conferenceName", name);
    die_if_fault("conference.destroy");
    xmlrpc_DECREF(r);
    printf("ok conference.destroy\n");

    /* One fault: the conference no longer exists. */
    r = xmlrpc_client_call(&env, url, "conference.destroy", "({s:s,s:s,s:s})",
        "authenticationUser", user, "authenticationPassword", pw, "conferenceName", name);
    if (!env.fault_occurred || env.fault_code != 4) {
        printf("FAIL fault: expected 4, got %d\n", env.fault_occurred ? env.fault_code : 0);
        return 1;
    }
    printf("ok fault %d %s\n", env.fault_code, env.fault_string);
    xmlrpc_env_clean(&env);
    xmlrpc_env_init(&env);

    xmlrpc_client_cleanup();
    return 0;
}
