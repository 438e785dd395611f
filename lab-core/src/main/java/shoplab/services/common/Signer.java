package shoplab.services.common;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Signs and verifies the messages between the merchant and the payment provider, each way with its own
 * key: the provider's notices (so the trade service accepts a "payment succeeded" only from the provider)
 * and the merchant's pay and refund requests (so the provider takes orders only from the merchant, not
 * from whoever read its merchant id). Like Alipay's signing, the signed text is the notice's fields sorted by key as
 * {@code key=value} joined by {@code &}, leaving out the {@code sign} and {@code sign_type} fields and
 * empty values; the signature is HMAC-SHA256 over its UTF-8 bytes, Base64-encoded. As with Alipay, the
 * canonical text does not escape {@code &} or {@code =} inside values.
 */
public final class Signer {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public Signer(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0) {
            throw new IllegalArgumentException("the signing secret is empty");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** A request's fields as the text that is signed: every value by its string form, nulls left out. */
    public static Map<String, String> texts(Map<String, ?> fields) {
        Map<String, String> t = new TreeMap<>();
        fields.forEach((k, v) -> {
            if (v != null) {
                t.put(k, v.toString());
            }
        });
        return t;
    }

    /** The Base64 HMAC-SHA256 signature of the fields' canonical text. */
    public String sign(Map<String, String> fields) {
        return Base64.getEncoder().encodeToString(mac(fields));
    }

    /** Whether {@code signature} is this key's signature of {@code fields}; compared in constant time. */
    public boolean verify(Map<String, String> fields, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(mac(fields), given);
    }

    /** The text that is signed: sorted {@code key=value} pairs joined by {@code &}. */
    static String canonical(Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        return new TreeMap<>(fields).entrySet().stream()
                .filter(e -> !e.getKey().equals("sign") && !e.getKey().equals("sign_type"))
                .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    private byte[] mac(Map<String, String> fields) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // Mac is not thread-safe: one per call
            mac.init(key);
            return mac.doFinal(canonical(fields).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
