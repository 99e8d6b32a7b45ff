package io.keyquorum.rpc.tls;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Answers a request message that is not valid protobuf with {@code INVALID_ARGUMENT}.
 *
 * <p>grpc-java parses request messages before any service code runs, and a parse failure escapes
 * as {@code UNKNOWN: Application error processing RPC} (with a SEVERE log line per call): a fault
 * of the caller reported as a fault of the node, which the fuzz suite found (docs/FUZZING.md).
 * {@link #guard} re-binds a service to take raw streams and parses them inside this interceptor's
 * listener, where the failure can be turned into the status it is.
 */
final class MalformedMessageInterceptor implements ServerInterceptor {
  private MalformedMessageInterceptor() {}

  /** The service, with malformed request messages refused as INVALID_ARGUMENT. */
  static ServerServiceDefinition guard(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service),
        new MalformedMessageInterceptor());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        try {
          // The inner listener (from useInputStreamMessages) parses the stream here.
          super.onMessage(message);
        } catch (StatusRuntimeException e) {
          if (!(e.getCause() instanceof InvalidProtocolBufferException)) {
            throw e;
          }
          refused = true;
          call.close(Status.INVALID_ARGUMENT.withDescription("MALFORMED: request is not a valid "
              + call.getMethodDescriptor().getFullMethodName() + " message: " + e.getCause().getMessage()),
              new Metadata());
        }
      }

      @Override
      public void onHalfClose() {
        // After a refusal the service never saw a request; it must not run.
        if (!refused) {
          super.onHalfClose();
        }
      }

      @Override
      public void onReady() {
        if (!refused) {
          super.onReady();
        }
      }
    };
  }
}
