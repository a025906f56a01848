package io.s3panel.server.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.s3panel.server.TestProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real server on a random port and a real HTTP client talking JSON to it. */
public final class Api implements AutoCloseable {
  private final EmbeddedServer server;
  private final JsonMapper json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Api(Map<String, Object> properties) {
    this.server = ApplicationContext.run(EmbeddedServer.class, properties);
    this.json = server.getApplicationContext().getBean(JsonMapper.class);
  }

  /** A server with {@link TestProperties#base()}. */
  public static Api start() {
    return new Api(TestProperties.base());
  }

  /** A server with {@link TestProperties#base()} plus {@code extra}. */
  public static Api start(Map<String, Object> extra) {
    return new Api(TestProperties.with(extra));
  }

  /** The running server. */
  public EmbeddedServer server() {
    return server;
  }

  /** The server's bean context. */
  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  /** {@code http://127.0.0.1:port}. */
  public String base() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** GET. */
  public Response get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  /** POST with a JSON body built from {@code body} (a map, or a raw string sent as is). */
  public Response post(String path, String token, Object body) {
    return send("POST", path, token, body, "application/json");
  }

  /** PUT with a JSON body. */
  public Response put(String path, String token, Object body) {
    return send("PUT", path, token, body, "application/json");
  }

  /** DELETE, optionally with a JSON body. */
  public Response delete(String path, String token, Object body) {
    return send("DELETE", path, token, body, body == null ? null : "application/json");
  }

  /** Any request. */
  public Response send(String method, String path, String token, Object body, String contentType) {
    return send(method, path, token, body, contentType, Map.of());
  }

  /** Any request, with extra headers (e.g. a browser's {@code Origin}). */
  public Response send(String method, String path, String token, Object body, String contentType,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60));
    headers.forEach(b::header);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    String text = body == null ? null : body instanceof String s ? s : write(body);
    b.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Registers and logs in; returns the access token. */
  public Tokens registerAndLogin(String username) {
    String password = "Correct-Horse-Battery-Staple-42!";
    Response reg = post("/api/register", null, Map.of("username", username, "password", password));
    if (reg.status() != 201) {
      throw new IllegalStateException("register failed: " + reg);
    }
    return login(username, password);
  }

  /** Logs in. */
  public Tokens login(String username, String password) {
    Response r = post("/api/login", null, Map.of("username", username, "password", password));
    if (r.status() != 200) {
      throw new IllegalStateException("login failed: " + r);
    }
    return new Tokens(r.string("access"), r.string("refresh"), password);
  }

  /** A JSON object. */
  public static Map<String, Object> obj(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** URL-encodes a query value. */
  public static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String write(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }

  /** Tokens and the password of a logged-in user. */
  public record Tokens(String access, String refresh, String password) {}

  /** An answer: status, headers, body, and the body parsed as JSON on demand. */
  public final class Response {
    private final int status;
    private final Map<String, List<String>> headers;
    private final String body;

    Response(int status, Map<String, List<String>> headers, String body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    /** The status code. */
    public int status() {
      return status;
    }

    /** The raw body. */
    public String body() {
      return body;
    }

    /** One header, or {@code null}. */
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }

    /** Every value of one header (repeated headers included), or an empty list. */
    public List<String> headerValues(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).toList();
    }

    /** The body as a JSON object. */
    public Map<String, Object> map() {
      try {
        return json.readValue(body, Argument.mapOf(String.class, Object.class));
      } catch (IOException e) {
        throw new IllegalStateException("Not a JSON object: " + body, e);
      }
    }

    /** The body as a JSON array of objects. */
    public List<Map<String, Object>> list() {
      try {
        return json.readValue(body, Argument.listOf(Argument.mapOf(String.class, Object.class)));
      } catch (IOException e) {
        throw new IllegalStateException("Not a JSON array: " + body, e);
      }
    }

    /** A string field of the JSON object body. */
    public String string(String field) {
      Object v = map().get(field);
      return v == null ? null : v.toString();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
