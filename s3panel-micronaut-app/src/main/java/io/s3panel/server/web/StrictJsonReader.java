package io.s3panel.server.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.body.TypedMessageBodyReader;
import io.micronaut.http.codec.CodecException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads every JSON request body strictly (SECURITY.md item 30): exactly one JSON value, nothing after it
 * but white space, and no key twice in one object. Anything else is a {@link CodecException}, which the API
 * answers with 400 {@code validation_failed}; a valid body is then read by Micronaut's own mapper.
 */
@Singleton
@Order(-100)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_JSON})
final class StrictJsonReader implements TypedMessageBodyReader<JsonNode> {
  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final JsonMapper mapper;

  StrictJsonReader(JsonMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public Argument<JsonNode> getType() {
    return Argument.of(JsonNode.class);
  }

  @Override
  public JsonNode read(Argument<JsonNode> type, MediaType mediaType, Headers headers, ByteBuffer<?> body) {
    return parse(body.toByteArray());
  }

  @Override
  public JsonNode read(Argument<JsonNode> type, MediaType mediaType, Headers headers, InputStream body) {
    try {
      return parse(body.readAllBytes());
    } catch (IOException e) {
      throw new CodecException("The request body could not be read.", e);
    }
  }

  private JsonNode parse(byte[] bytes) {
    try (JsonParser p = STRICT.createParser(bytes)) {
      if (p.nextToken() == null) {
        throw new CodecException("The request body is empty.");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new CodecException("Malformed JSON: something follows the JSON value.");
      }
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the body (a password); say what is wrong without it.
      boolean duplicate = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field");
      throw new CodecException(duplicate ? "Malformed JSON: a key appears twice in one object." : "Malformed JSON.");
    } catch (IOException e) {
      throw new CodecException("The request body could not be read.", e);
    }
    try {
      return mapper.readValue(bytes, JsonNode.class);
    } catch (IOException e) {
      throw new CodecException("Malformed JSON.", e);
    }
  }
}
