package io.keyquorum.kms.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps every successful response body the SDK receives, with its operation, so the service-model
 * test checks the shapes real SDK calls produced rather than hand-built samples.
 */
public final class ShapeRecorder implements ExecutionInterceptor {
  public static final ShapeRecorder INSTANCE = new ShapeRecorder();

  public record Response(String operation, byte[] body) {}

  private final List<Response> responses = new CopyOnWriteArrayList<>();

  public List<Response> responses() {
    return List.copyOf(responses);
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes attributes) {
    Optional<InputStream> content = context.responseBody();
    if (content.isEmpty() || !context.httpResponse().isSuccessful()) {
      return content;
    }
    try (InputStream in = content.get()) {
      byte[] body = in.readAllBytes();
      String target = context.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("?");
      responses.add(new Response(target.substring(target.indexOf('.') + 1), body));
      return Optional.of(new ByteArrayInputStream(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
