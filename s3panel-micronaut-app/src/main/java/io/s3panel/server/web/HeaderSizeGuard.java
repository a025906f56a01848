package io.s3panel.server.web;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * Oversized request headers get 431 Request Header Fields Too Large and an over-long request line 414 URI Too
 * Long, each with the API's error body (SECURITY.md item 30), where Micronaut would answer 413 as if the body
 * were too large (over HTTP/1.0, without {@code Connection: close}, so a client could reuse the dead
 * connection). The HTTP/1 decoder marks such a request as failed; this handler, right behind the decoder,
 * answers it with {@code Connection: close} and closes the connection.
 */
@Singleton
final class HeaderSizeGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  private static final String NAME = "s3panel-header-size-guard";
  private static final byte[] HEADERS_TOO_LARGE = body(ApiError.REQUEST_HEADER_FIELDS_TOO_LARGE,
      "The request headers are too large. Send smaller headers (a shorter Authorization token or fewer cookies).");
  private static final byte[] LINE_TOO_LONG = body(ApiError.URI_TOO_LONG,
      "The request line is too long. Use a shorter address: a shorter object key, prefix or query.");

  private static byte[] body(ApiError error, String message) {
    return ("{\"error\":\"" + message + "\",\"code\":\"" + error.code() + "\",\"detail\":\"" + message + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new Customizer(null));
    return event.getBean();
  }

  /** Adds the handler to each connection's pipeline once Micronaut has built it. */
  private record Customizer(Channel channel) implements NettyServerCustomizer {
    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
          && channel.pipeline().get(NAME) == null) {
        channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME, new Handler());
      }
    }
  }

  /** Answers a request whose headers the decoder refused; passes everything else on. */
  @ChannelHandler.Sharable
  static final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
        Throwable cause = request.decoderResult().cause();
        ApiError error = cause instanceof TooLongHttpHeaderException ? ApiError.REQUEST_HEADER_FIELDS_TOO_LARGE
            : cause instanceof TooLongHttpLineException ? ApiError.URI_TOO_LONG : null;
        if (error != null) {
          ReferenceCountUtil.release(msg);
          byte[] body = error == ApiError.URI_TOO_LONG ? LINE_TOO_LONG : HEADERS_TOO_LARGE;
          FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(error.status().getCode()), Unpooled.wrappedBuffer(body));
          response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
              .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
              .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
          ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }
  }
}
