package org.statekeeper.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import jakarta.json.bind.Jsonb;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * A Redisson JSON codec on JSON-B, so the peer comparison measures the clients, not two JSON
 * libraries: every side of every benchmark decodes the same value with the same JSON-B provider.
 */
final class JsonbRedissonCodec extends BaseCodec {

    private final Encoder encoder;
    private final Decoder<Object> decoder;

    JsonbRedissonCodec(Jsonb jsonb, Type type) {
        this.encoder = value -> {
            ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
            out.writeCharSequence(jsonb.toJson(value), StandardCharsets.UTF_8);
            return out;
        };
        this.decoder = (buf, state) -> jsonb.fromJson(new ByteBufInputStream(buf), type);
    }

    @Override
    public Decoder<Object> getValueDecoder() {
        return decoder;
    }

    @Override
    public Encoder getValueEncoder() {
        return encoder;
    }
}
