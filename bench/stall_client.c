// One client's decisions, one at a time on one keep-alive connection, each timed on its own: the
// latencies as they are, without wrk's correction for the requests a stalled connection did not
// send. Prints the percentiles, how many decisions took longer than a threshold, and how far apart
// in time those came (a stall that recurs every so many milliseconds points at its cause).
//
//   cc -O2 -o stall_client bench/stall_client.c
//   stall_client PORT DECISIONS [THRESHOLD_US] [BODY_FILE]
//
// BODY_FILE holds the JSON input (the rbac fixture's by default); it is sent as {"input": ...} to
// POST /v1/data/rbac/allow.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

// Reads one HTTP response (headers and a Content-Length body); 0 when the connection failed.
static int read_response(int socket, char *buffer, size_t size) {
    size_t got = 0;
    for (;;) {
        ssize_t n = read(socket, buffer + got, size - 1 - got);
        if (n <= 0) return 0;
        got += (size_t)n;
        buffer[got] = 0;
        char *end = strstr(buffer, "\r\n\r\n");
        if (!end) continue;
        char *length = strcasestr(buffer, "content-length:");
        if (!length) return 0;
        size_t body = (size_t)atoi(length + 15);
        if (got >= (size_t)(end - buffer) + 4 + body) return 1;
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s PORT DECISIONS [THRESHOLD_US] [BODY_FILE]\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]), count = atoi(argv[2]);
    double threshold = argc > 3 ? atof(argv[3]) : 300;
    char input[4096] = "{\"user\":\"user0500\",\"action\":\"write\",\"type\":\"type178\"}";
    if (argc > 4) {
        FILE *file = fopen(argv[4], "rb");
        if (!file) { perror(argv[4]); return 2; }
        size_t n = fread(input, 1, sizeof input - 1, file);
        input[n] = 0;
        fclose(file);
        while (n > 0 && (input[n - 1] == '\n' || input[n - 1] == '\r')) input[--n] = 0;
    }
    char body[4200], request[4600];
    snprintf(body, sizeof body, "{\"input\":%s}", input);
    int length = snprintf(request, sizeof request,
                          "POST /v1/data/rbac/allow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    int connection = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(connection, (struct sockaddr *)&address, sizeof address) != 0) { perror("connect"); return 1; }
    double *latency = malloc(sizeof(double) * count), *at = malloc(sizeof(double) * count);
    char response[8192];
    double start = seconds();
    for (int i = 0; i < count; i++) {
        double sent = seconds();
        if (write(connection, request, length) != length || !read_response(connection, response, sizeof response)) {
            fprintf(stderr, "decision %d: the connection failed\n", i);
            return 1;
        }
        latency[i] = (seconds() - sent) * 1e6;
        at[i] = sent - start;
    }
    double elapsed = seconds() - start;
    // The slow decisions, and the gaps between them in milliseconds.
    int slow = 0;
    double previous = -1, gaps[64];
    int gapCount = 0;
    for (int i = 0; i < count; i++) {
        if (latency[i] <= threshold) continue;
        slow++;
        if (previous >= 0 && gapCount < 64) gaps[gapCount++] = (at[i] - previous) * 1e3;
        previous = at[i];
    }
    qsort(latency, count, sizeof(double), ascending);
    printf("%d decisions in %.2f s: p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f us;  over %.0f us: %d (%.2f%%)",
           count, elapsed, latency[count / 2], latency[count * 9 / 10], latency[count * 99 / 100],
           latency[count * 999 / 1000], latency[count - 1], threshold, slow, 100.0 * slow / count);
    if (gapCount > 0) {
        qsort(gaps, gapCount, sizeof(double), ascending);
        printf(", median %.0f ms apart", gaps[gapCount / 2]);
    }
    printf("\n");
    return 0;
}
