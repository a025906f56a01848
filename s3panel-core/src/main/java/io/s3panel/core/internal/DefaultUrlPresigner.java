package io.s3panel.core.internal;

import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.presign.PresignRequest;
import io.s3panel.core.presign.PresignedUrl;
import io.s3panel.core.presign.UrlPresigner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.core.exception.SdkException;

/** {@link UrlPresigner} over a connection's SDK presigner. */
final class DefaultUrlPresigner implements UrlPresigner {
  private final S3Connection connection;

  /** Presigns with {@code connection}'s presigner. */
  DefaultUrlPresigner(S3Connection connection) {
    this.connection = connection;
  }

  @Override
  public PresignedUrl presign(PresignRequest request) {
    PresignedRequest signed;
    try {
      if (request.method() == PresignRequest.Method.PUT) {
        signed = connection.presigner().presignPutObject(p -> p
            .signatureDuration(request.expiresIn())
            .putObjectRequest(o -> {
              o.bucket(request.bucket()).key(request.key());
              request.contentType().ifPresent(o::contentType);
            }));
      } else {
        signed = connection.presigner().presignGetObject(p -> p
            .signatureDuration(request.expiresIn())
            .getObjectRequest(o -> o.bucket(request.bucket()).key(request.key())));
      }
    } catch (SdkException e) {
      throw S3Errors.translate(e, request.bucket(), request.key());
    }
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.signedHeaders());
    headers.keySet().removeIf(h -> h.equalsIgnoreCase("host"));
    return new PresignedUrl(signed.url(), request.method(), signed.expiration(), headers);
  }
}
