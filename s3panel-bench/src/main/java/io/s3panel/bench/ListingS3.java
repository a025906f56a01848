package io.s3panel.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal in-memory S3 listing endpoint for the statistics-scan and objects benchmarks: ListBuckets,
 * ListObjectsV2 (path-style, pages of up to 1000, continuation tokens, start-after) and DeleteObjects (counted)
 * over sorted maps, so one page costs O(page) and the
 * benchmark measures the clients, not the store. S3Proxy's in-memory store walks the whole bucket for
 * every page (its {@code AbstractNio2BlobStore.listHelper}), which makes 40,000-object buckets take minutes
 * to list. Signatures are not checked (both sides sign the same way). Loopback only; benchmark use only.
 */
public final class ListingS3 implements AutoCloseable {
  private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final String DATE = "2025-01-01T00:00:00.000Z";
  private final HttpServer server;
  private final ExecutorService pool;
  private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
  private final Map<String, NavigableMap<String, Long>> buckets = new ConcurrentSkipListMap<>();
  private final AtomicLong deleteObjectsCalls = new AtomicLong();
  private final AtomicLong listCalls = new AtomicLong();

  private ListingS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    pool = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "bench-listing-s3");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on a free loopback port. */
  public static ListingS3 start() {
    try {
      return new ListingS3();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Adds {@code count} objects of {@code size} bytes named {@code prefix + i} (zero-padded) to {@code bucket}. */
  public void seed(String bucket, String prefix, int count, long size) {
    NavigableMap<String, Long> b = buckets.computeIfAbsent(bucket, k -> new ConcurrentSkipListMap<>());
    for (int i = 0; i < count; i++) {
      b.put(String.format("%sobj-%07d", prefix, i), size);
    }
  }

  /** DeleteObjects calls served since start. */
  public long deleteObjectsCalls() {
    return deleteObjectsCalls.get();
  }

  /** ListObjectsV2 calls served since start. */
  public long listCalls() {
    return listCalls.get();
  }

  /** Objects left in {@code bucket} (0 if it does not exist). */
  public int count(String bucket) {
    NavigableMap<String, Long> b = buckets.get(bucket);
    return b == null ? 0 : b.size();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      StringBuilder x = new StringBuilder(160_000).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      String bucket = path.length() > 1 ? path.substring(1).replaceAll("/$", "") : "";
      NavigableMap<String, Long> objects = buckets.get(bucket);
      if (objects != null && "POST".equals(ex.getRequestMethod()) && q.containsKey("delete")) {
        // DeleteObjects: every named key is reported deleted (S3 reports absent keys deleted too).
        deleteObjectsCalls.incrementAndGet();
        String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        x.append("<DeleteResult xmlns=\"").append(NS).append("\">");
        Matcher m = KEY.matcher(request);
        while (m.find()) {
          String key = m.group(1);
          objects.remove(key);
          x.append("<Deleted><Key>").append(key).append("</Key></Deleted>");
        }
        x.append("</DeleteResult>");
      } else if (bucket.isEmpty()) {
        x.append("<ListAllMyBucketsResult xmlns=\"").append(NS).append("\"><Owner><ID>bench</ID>"
            + "<DisplayName>bench</DisplayName></Owner><Buckets>");
        for (String name : buckets.keySet()) {
          x.append("<Bucket><Name>").append(name).append("</Name><CreationDate>").append(DATE)
              .append("</CreationDate></Bucket>");
        }
        x.append("</Buckets></ListAllMyBucketsResult>");
      } else if (objects == null || !"2".equals(q.get("list-type"))) {
        byte[] body = ("<Error><Code>" + (objects == null ? "NoSuchBucket" : "NotImplemented") + "</Code>"
            + "<Message>benchmark stub</Message></Error>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        ex.sendResponseHeaders(objects == null ? 404 : 501, body.length);
        ex.getResponseBody().write(body);
        return;
      } else {
        listCalls.incrementAndGet();
        int max = Math.min(1000, Integer.parseInt(q.getOrDefault("max-keys", "1000")));
        String token = q.get("continuation-token");
        String prefix = q.getOrDefault("prefix", "");
        String startAfter = q.get("start-after");
        NavigableMap<String, Long> view = token != null
            ? objects.tailMap(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8), false)
            : startAfter != null && startAfter.compareTo(prefix) >= 0 ? objects.tailMap(startAfter, false)
            : prefix.isEmpty() ? objects : objects.tailMap(prefix, true);
        x.append("<ListBucketResult xmlns=\"").append(NS).append("\"><Name>").append(bucket).append("</Name><Prefix>")
            .append(prefix).append("</Prefix><MaxKeys>").append(max).append("</MaxKeys>");
        StringBuilder contents = new StringBuilder(150_000);
        int n = 0;
        String last = null;
        boolean truncated = false;
        for (Iterator<Map.Entry<String, Long>> it = view.entrySet().iterator(); it.hasNext();) {
          Map.Entry<String, Long> e = it.next();
          if (!e.getKey().startsWith(prefix)) {
            break;
          }
          if (n == max) {
            truncated = true;
            break;
          }
          contents.append("<Contents><Key>").append(e.getKey()).append("</Key><LastModified>").append(DATE)
              .append("</LastModified><ETag>&quot;9dd4e461268c8034f5c8564e155c67a6&quot;</ETag><Size>")
              .append(e.getValue()).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
          last = e.getKey();
          n++;
        }
        x.append("<KeyCount>").append(n).append("</KeyCount><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated) {
          x.append("<NextContinuationToken>")
              .append(Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)))
              .append("</NextContinuationToken>");
        }
        x.append(contents).append("</ListBucketResult>");
      }
      byte[] body = x.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/xml");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
