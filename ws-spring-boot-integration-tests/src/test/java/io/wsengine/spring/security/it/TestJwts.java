package io.wsengine.spring.security.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** JWTs signed with a test RSA key, and the decoder that trusts that key. */
final class TestJwts {
    private static final KeyPair TRUSTED = generate();
    private static final KeyPair OTHER = generate();

    private TestJwts() {
    }

    /** {@return a decoder that accepts tokens signed with the trusted key} */
    static JwtDecoder decoder() {
        return NimbusJwtDecoder.withPublicKey((RSAPublicKey) TRUSTED.getPublic()).build();
    }

    /** {@return a token for this subject with the scope {@code chat}, valid for five minutes} */
    static String valid(String subject) {
        return signed(TRUSTED, subject, Instant.now().plus(Duration.ofMinutes(5)));
    }

    /** {@return a token that expired ten minutes ago (beyond the decoder's 60 s of clock skew)} */
    static String expired(String subject) {
        return signed(TRUSTED, subject, Instant.now().minus(Duration.ofMinutes(10)));
    }

    /** {@return a token the decoder does not trust} */
    static String signedByAnotherKey(String subject) {
        return signed(OTHER, subject, Instant.now().plus(Duration.ofMinutes(5)));
    }

    private static String signed(KeyPair key, String subject, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(expiresAt)).claim("scope", "chat").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
