package io.s3panel.bench;

import io.s3panel.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sustained load of SECURITY.md item 22 (issue "prove the security bar"): the real jar with the
 * documented options, many users at once logging in, refreshing tokens, listing credentials and folders,
 * presigning and running statistics for a few minutes on loopback; then every row is checked through the
 * API. Bounded in time ({@code -Dsoak.seconds}, default 180) and talks only to 127.0.0.1.
 */
final class SoakBench {
  private static final Pattern FIELD = Pattern.compile("\"(access|refresh|task_id|status|identifier|readable)\"\\s*:"
      + "\\s*(\"([^\"]*)\"|true|false)");

  private final Report r;
  private final Duration length;
  private final int users;

  SoakBench(Report r, Duration length, int users) {
    this.r = r;
    this.length = length;
    this.users = users;
  }

  void run(Path out) throws Exception {
    r.line("");
    r.line("## Soak: sustained mixed load, then every row checked (SECURITY.md item 22)");
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      s3.bucket("soak");
      Sdk.seed(s3.admin(), "soak", Sdk.keys("d/", 60), 8);
      Sdk.seed(s3.admin(), "soak", Sdk.keys("e/f/", 40), 8);
      Path dataDir = Files.createTempDirectory("s3panel-soak");
      List<String> opts = Env.ChildServer.launcherOptions();
      try (Env.ChildServer server = Env.ChildServer.launch(dataDir, opts, out.resolve("server-soak.log"))) {
        int port = server.port();
        String[] access = new String[users];
        String[] refresh = new String[users];
        try (HttpConn c = new HttpConn(port)) {
          for (int u = 0; u < users; u++) {
            String[] t = Env.registerAndLogin(c, "soak" + u);
            access[u] = t[0];
            refresh[u] = t[1];
            Env.addCredential(c, access[u], "set-" + u, s3, s3.endpoint());
          }
        }
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicLong> perOp = new ConcurrentHashMap<>();
        List<List<String>> tasks = new ArrayList<>();
        for (int u = 0; u < users; u++) {
          tasks.add(java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        double rssBefore = server.procStatusMiB("VmRSS");
        // One virtual user per registered user: a user's token rotation never races with itself.
        LoadDriver.Result result = LoadDriver.closedLoop("soak", port, users, Duration.ZERO, length, Long.MAX_VALUE,
            (c, u, seq) -> {
              String cred = "set-" + u;
              int op = (int) (seq % 20);
              String name;
              HttpConn.Response resp;
              if (op < 7) {
                name = "folder page";
                resp = c.get("/api/buckets/soak/folders?aws_cred=" + cred + "&prefix=" + (op % 2 == 0 ? "d/" : "e/f/")
                    + "&max_keys=" + (op % 2 == 0 ? 50 : 12), access[u]);
              } else if (op < 11) {
                name = "presign";
                resp = c.post("/api/buckets/soak/objects/get_presigned_url?aws_cred=" + cred, access[u],
                    "{\"object_key\":\"d/obj-" + (seq % 60) + "\",\"expires_in\":60}");
              } else if (op < 14) {
                name = "credentials";
                resp = c.get("/api/aws-credentials", access[u]);
              } else if (op == 14) {
                name = "login";
                resp = c.post("/api/login", null, "{\"username\":\"soak" + u + "\",\"password\":\""
                    + Env.benchPassword() + "\"}");
              } else if (op == 15) {
                name = "refresh";
                resp = c.post("/api/token/refresh", null, "{\"refresh\":\"" + refresh[u] + "\"}");
                if (resp.status() == 200) {
                  Map<String, String> f = fields(resp.text());
                  access[u] = f.get("access");
                  refresh[u] = f.get("refresh");
                }
              } else if (op == 16) {
                name = "statistics start";
                resp = c.post("/api/objects/metadata?aws_cred=" + cred, access[u], null);
                if (resp.status() == 202) {
                  tasks.get(u).add(fields(resp.text()).get("task_id"));
                }
              } else if (op == 17 && !tasks.get(u).isEmpty()) {
                name = "statistics status";
                List<String> mine = tasks.get(u);
                resp = c.get("/api/check_task_status/" + mine.get(mine.size() - 1), access[u]);
              } else {
                name = "buckets";
                resp = c.get("/api/buckets?aws_cred=" + cred + "&include_grants=false", access[u]);
              }
              statuses.computeIfAbsent(resp.status(), k -> new AtomicLong()).incrementAndGet();
              perOp.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
              return resp.status() == 429 ? 200 : resp.status(); // 429 (login queue) is an allowed answer
            });
        double rssAfterLoad = server.procStatusMiB("VmRSS");
        double hwm = server.procStatusMiB("VmHWM");

        // Every row checked afterwards, through the API.
        int rowsChecked = 0;
        int problems = 0;
        int tasksCompleted = 0;
        int tasksOther = 0;
        try (HttpConn c = new HttpConn(port)) {
          for (int u = 0; u < users; u++) {
            String[] t = Env.login(c, "soak" + u);
            HttpConn.Response sets = c.get("/api/aws-credentials", t[0]);
            rowsChecked++;
            if (sets.status() != 200 || !sets.text().contains("\"identifier\":\"set-" + u + "\"")
                || sets.text().split("\"identifier\"").length != 2 || !sets.text().contains("\"readable\":true")) {
              problems++;
            }
            if (c.get("/api/buckets?aws_cred=set-" + u + "&include_grants=false", t[0]).status() != 200) {
              problems++;
            }
            for (String task : tasks.get(u)) {
              rowsChecked++;
              String status = "running";
              for (int i = 0; i < 600 && status.equals("running"); i++) {
                status = fields(c.get("/api/check_task_status/" + task, t[0]).text()).getOrDefault("status", "?");
                if (status.equals("running")) {
                  Thread.sleep(100);
                }
              }
              if (status.equals("completed")) {
                tasksCompleted++;
              } else {
                tasksOther++;
              }
            }
          }
        }
        long fivexx = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().get()).sum();
        r.f("- %d users, %d connections (one per user), %d s, options `%s`", users, users, length.toSeconds(),
            String.join(" ", opts));
        r.line("- " + result);
        r.f("- requests by kind: %s", new TreeMap<>(perOp));
        r.f("- answers by status: %s — **5xx: %d**", new TreeMap<>(statuses), fivexx);
        r.f("- rows checked afterwards through the API: %d (%d users' credential sets and buckets, %d statistics"
            + " tasks: %d completed, %d other); problems: **%d**", rowsChecked, users, tasksCompleted + tasksOther,
            tasksCompleted, tasksOther, problems);
        r.f("- server RSS: %.0f MiB before the load, %.0f MiB after, peak (VmHWM) %.0f MiB", rssBefore, rssAfterLoad, hwm);
      }
    }
  }

  static Map<String, String> fields(String json) {
    Map<String, String> out = new java.util.HashMap<>();
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      out.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
    }
    return out;
  }

}
