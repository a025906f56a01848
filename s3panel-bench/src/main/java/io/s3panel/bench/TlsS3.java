package io.s3panel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3Proxy (transient store) serving HTTPS only, with a throwaway self-signed certificate for 127.0.0.1 made by
 * the JDK's {@code keytool}: the transport of AWS and of most S3-compatible services. Over HTTPS the SDK sends
 * payloads unsigned (TLS protects them), as against AWS, instead of hashing every byte for a SigV4 chunk
 * signature as it does over plain HTTP. {@link #trustOptions()} make another JVM trust it.
 */
final class TlsS3 implements AutoCloseable {
  private final S3Proxy proxy;
  private final URI endpoint;
  private final String accessKeyId = "AKIATLS" + hex(6).toUpperCase(java.util.Locale.ROOT);
  private final String secretAccessKey = hex(20);
  private final Path trustStore;
  private final String password = hex(8);
  private final TrustManager[] trust;
  private final SSLContext ssl;

  TlsS3(Path dir) throws Exception {
    Path keyStore = dir.resolve("s3.p12");
    Path cert = dir.resolve("s3.cer");
    trustStore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "s3", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-alias", "s3", "-keystore", keyStore.toString(), "-storepass", password,
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "s3", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", trustStore.toString(), "-storepass", password);
    proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("transient", new Properties()))
        .secureEndpoint(URI.create("https://127.0.0.1:0"))
        .keyStore(keyStore.toString(), password)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("S3Proxy (HTTPS) did not start");
      }
      Thread.sleep(10);
    }
    endpoint = URI.create("https://127.0.0.1:" + proxy.getSecurePort());
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      trusted.load(in, password.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    trust = tmf.getTrustManagers();
    ssl = SSLContext.getInstance("TLS");
    ssl.init(null, trust, null);
  }

  URI endpoint() {
    return endpoint;
  }

  String accessKeyId() {
    return accessKeyId;
  }

  String secretAccessKey() {
    return secretAccessKey;
  }

  SSLContext ssl() {
    return ssl;
  }

  /** JVM options that make another JVM trust this endpoint (and nothing else). */
  List<String> trustOptions() {
    return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + password,
        "-Djavax.net.ssl.trustStoreType=PKCS12");
  }

  /** A plain SDK client of this endpoint (as {@link Sdk#client}), trusting its certificate. */
  S3Client client(int maxConnections) {
    return Sdk.client(endpoint, accessKeyId, secretAccessKey,
        ApacheHttpClient.builder().maxConnections(maxConnections).tlsTrustManagersProvider(() -> trust));
  }

  S3Presigner presigner() {
    return Sdk.presigner(endpoint, accessKeyId, secretAccessKey);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
